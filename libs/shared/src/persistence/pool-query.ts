import type { DataSource } from 'typeorm';

/**
 * A statement of a hot path. With a `name` (unique to its text) it is prepared: parsed
 * and planned once per connection. Name only statements whose best plan is the same
 * for any parameters (a cached generic plan must not be a worse one) and whose result
 * columns are listed, each cast to a fixed type (PostgreSQL refuses to run a prepared
 * statement again once its result types change, e.g. after a migration).
 */
export interface PoolStatement {
  readonly name?: string;
  readonly text: string;
  /** 'array': each row is an array of the column values, in the order of the select list. */
  readonly rowMode?: 'array';
}

interface PgPool {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
    rowMode?: 'array';
  }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs one statement of a hot path (every request's token lookup, the pairs page)
 * directly on the pg pool behind TypeORM, skipping TypeORM's per-query machinery (a
 * query runner, subscriber broadcasts). Errors are pg's own, which the exception
 * filter reads by their codes as it does TypeORM's. Without a pg pool (another
 * driver, a data source not initialised) it is a plain TypeORM query.
 */
export async function poolQuery<R>(
  db: DataSource,
  statement: PoolStatement,
  values: unknown[],
): Promise<R[]> {
  const pool = (db.driver as { master?: unknown }).master;
  if (isPgPool(pool)) {
    const result = await pool.query({
      name: statement.name,
      text: statement.text,
      values,
      rowMode: statement.rowMode,
    });
    return result.rows as R[];
  }
  const rows: Array<Record<string, unknown>> = await db.query(statement.text, values);
  return (statement.rowMode === 'array' ? rows.map((row) => Object.values(row)) : rows) as R[];
}

function isPgPool(value: unknown): value is PgPool {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PgPool).query === 'function' &&
    'totalCount' in value
  );
}

import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';

export interface PromoteResult {
  /** false: it already was a primary (a repeat of a step that promoted it before a crash). */
  promoted: boolean;
  detail: string;
}

/**
 * Makes a replica the primary. Idempotent: a PostgreSQL server already out of
 * recovery is left as it is; MariaDB/MySQL's statements are harmless to repeat.
 */
export async function promoteDatabase(
  kind: string,
  replicaUrl: string,
  timeoutMs: number,
): Promise<PromoteResult> {
  if (kind === 'postgres') return promotePostgres(replicaUrl, timeoutMs);
  if (kind === 'mysql') return promoteMysql(replicaUrl, timeoutMs);
  throw new Error(`no database promotion for lag source kind ${kind}`);
}

async function promotePostgres(url: string, timeoutMs: number): Promise<PromoteResult> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ in_recovery: boolean }>(
      'SELECT pg_is_in_recovery() AS in_recovery',
    );
    if (!rows[0].in_recovery) return { promoted: false, detail: 'already a primary (not in recovery)' };
    const waitSeconds = Math.max(1, Math.floor(timeoutMs / 1000));
    const result = await client.query<{ promoted: boolean }>('SELECT pg_promote(true, $1) AS promoted', [
      waitSeconds,
    ]);
    if (!result.rows[0].promoted) throw new Error(`pg_promote() did not finish within ${waitSeconds} s`);
    return { promoted: true, detail: 'pg_promote() finished' };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function promoteMysql(url: string, timeoutMs: number): Promise<PromoteResult> {
  const connection = await createConnection({ uri: url, connectTimeout: timeoutMs });
  try {
    for (const statement of ['STOP SLAVE', 'RESET SLAVE ALL', 'SET GLOBAL read_only = OFF']) {
      await connection.query({ sql: statement, timeout: timeoutMs });
    }
    return { promoted: true, detail: 'replication stopped and reset; read_only OFF' };
  } finally {
    await connection.end().catch(() => undefined);
  }
}

import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every controller instance.
const MIGRATION_LOCK_KEY = 7_201_455_001;

/**
 * Several controller instances may start at once against one database. The lock is
 * taken on a dedicated connection and released on that same connection: releasing
 * through the pool could run on another backend and leak it.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}

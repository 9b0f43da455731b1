import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@twinsite/shared';
import { dataSourceOptions } from './database/data-source-options';
import { runMigrations } from './database/migrate';
import { resolveDatabase } from './database/resolve-database';

/** `npm run migration:run`: applies pending migrations and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config);
  const dataSource = new DataSource({
    ...dataSourceOptions(database.url, 2),
    autoLoadEntities: undefined,
  } as any);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

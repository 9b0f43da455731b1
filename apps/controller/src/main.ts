import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@twinsite/shared';
import { createControllerApp } from './bootstrap';
import { resolveDatabase } from './database/resolve-database';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await resolveDatabase(config);
  const app = await createControllerApp({ config, databaseUrl: database.url });
  app.enableShutdownHooks();
  const stopDatabase = async () => {
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGTERM', stopDatabase);
  process.once('SIGINT', stopDatabase);
  await app.listen(config.port, config.host);
  new Logger('controller').log(
    `Twinsite controller ready on http://localhost:${config.port} in ${Date.now() - started} ms` +
      (database.embedded ? ` (embedded PostgreSQL ${database.startMs} ms)` : ''),
  );
}

main().catch((error) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

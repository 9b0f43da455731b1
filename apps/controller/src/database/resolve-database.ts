import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { startEmbeddedPostgres, TwinsiteConfig } from '@twinsite/shared';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  startMs: number;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL whose data survives restarts under the data directory. */
export async function resolveDatabase(config: TwinsiteConfig): Promise<ResolvedDatabase> {
  if (config.databaseUrl)
    return { url: config.databaseUrl, embedded: false, startMs: 0, stop: async () => undefined };
  const started = Date.now();
  const handle = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPostgresPort,
    persistent: true,
  });
  const startMs = Date.now() - started;
  new Logger('database').log(
    `embedded PostgreSQL ready on port ${config.embeddedPostgresPort} in ${startMs} ms`,
  );
  return { url: handle.url, embedded: true, startMs, stop: () => handle.stop() };
}

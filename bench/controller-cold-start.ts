import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, startEmbeddedPostgres } from '@twinsite/shared';
import { BenchRow, ms } from './bench-table';
import { spawnController, stop, waitForReady } from './processes';

const RUNS = 3;

/**
 * Cold start of the controller to ready (/readyz 200) against a running, empty
 * database, and, reported apart, how long the embedded PostgreSQL takes to start
 * the first time (initdb) and the next times.
 */
export async function benchColdStart(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-bench-start-'));
  fs.chmodSync(dir, 0o777);
  const pgPort = await freePort();
  try {
    let t = Date.now();
    let pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, persistent: true });
    const firstPgMs = Date.now() - t;
    await pg.stop();
    t = Date.now();
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, persistent: true });
    const warmPgMs = Date.now() - t;

    const readyTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const database = `cold_${i}`;
      const admin = await import('pg');
      const client = new admin.Client({ connectionString: pg.url });
      await client.connect();
      await client.query(`CREATE DATABASE ${database}`);
      await client.end();
      const port = await freePort();
      const started = Date.now();
      const child = spawnController({
        PORT: String(port),
        DATABASE_URL: pg.url.replace(/\/twinsite$/, `/${database}`),
        TWINSITE_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
        TWINSITE_DATA_DIR: path.join(dir, `ctl-${i}`),
      });
      await waitForReady(`http://127.0.0.1:${port}`);
      readyTimes.push(Date.now() - started);
      await stop(child);
    }
    await pg.stop();
    readyTimes.sort((a, b) => a - b);
    return [
      { area: 'start', measure: `controller process start to /readyz, empty database (median of ${RUNS})`, value: ms(readyTimes[Math.floor(RUNS / 2)]) },
      { area: 'start', measure: 'embedded PostgreSQL first start (initdb + start)', value: ms(firstPgMs) },
      { area: 'start', measure: 'embedded PostgreSQL start with existing data', value: ms(warmPgMs) },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '@twinsite/shared';
import { BenchRow, ms } from './bench-table';
import { ROOT, spawnController, stop, waitForReady } from './processes';

const PAIRS = 10_000;
const CONNECTIONS = 50;
const DURATION_S = 15;
const ADMIN = `tws_bench-${crypto.randomBytes(12).toString('hex')}`;

/**
 * p50/p99 of `GET /api/v1/pairs?limit=100` with 10,000 pairs stored and 50 concurrent
 * clients. The controller runs as its own process (as `npm start` would) and the load
 * comes from autocannon in a third process, so the numbers include real HTTP.
 */
export async function benchPairsList(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-bench-list-'));
  fs.chmodSync(dir, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), persistent: false });
  const port = await freePort();
  const controller = spawnController({
    PORT: String(port),
    DATABASE_URL: pg.url,
    TWINSITE_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    TWINSITE_ADMIN_TOKEN: ADMIN,
    TWINSITE_DATA_DIR: path.join(dir, 'ctl'),
    TWINSITE_SCHEDULERS: 'false',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForReady(base);
    await seedPairs(base, pg.url);
    const result = await autocannon(`${base}/api/v1/pairs?limit=100`);
    return [
      { area: 'api', measure: `GET /pairs?limit=100, ${PAIRS} pairs, ${CONNECTIONS} clients: p50`, value: ms(result.latency.p50) },
      { area: 'api', measure: `GET /pairs?limit=100, ${PAIRS} pairs, ${CONNECTIONS} clients: p99`, value: ms(result.latency.p99), goal: '< 50 ms' },
      { area: 'api', measure: 'GET /pairs?limit=100 throughput', value: `${Math.round(result.requests.average)} req/s` },
    ];
  } finally {
    await stop(controller);
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function seedPairs(base: string, databaseUrl: string): Promise<void> {
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${base}/api/v1/${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const site = (name: string) =>
    post('sites', {
      name,
      armEndpoint: `https://${name}.example`,
      location: name,
      subscriptionId: crypto.randomUUID(),
      tenantId: 'adfs',
      clientId: 'bench',
      clientSecret: 'bench-secret',
    });
  const [a, b] = [await site('bench-a'), await site('bench-b')];
  const app = await post('applications', { name: 'bench-app', owner: 'bench', tier: 1, rpoSeconds: 300, rtoSeconds: 900, protection: 'replication', optIn: true });
  // The API is exercised by the tests; 10,000 rows go in with one statement.
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO pairs (application_id, source_site_id, target_site_id, name, source_resource_id, target, sample_interval_seconds, lag_source_kind)
     SELECT $1, $2, $3, 'vm-' || i,
       '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-' || i,
       '{"resourceGroup":"rg-dr","mode":"from-recovery-point"}'::jsonb, 60, 'agent'
     FROM generate_series(1, ${PAIRS}) AS i`,
    [app.id, a.id, b.id],
  );
  await client.end();
}

async function autocannon(url: string): Promise<{ latency: { p50: number; p99: number }; requests: { average: number } }> {
  const bin = path.join(ROOT, 'node_modules/autocannon/autocannon.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [bin, '-c', String(CONNECTIONS), '-d', String(DURATION_S), '-j', '-H', `Authorization=Bearer ${ADMIN}`, url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
}

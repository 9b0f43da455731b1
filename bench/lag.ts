import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ARM_GATEWAY, ArmGateway, RecoveryPoint } from '@twinsite/core';
import { EventsService } from '@twinsite/events';
import { LagHistoryService, LagSampler, SweepSummary } from '@twinsite/replication';
import { freePort, loadConfig, startEmbeddedPostgres } from '@twinsite/shared';
import { createControllerApp } from '../apps/controller/src/bootstrap';
import { BenchRow, ms, printTable } from './bench-table';

const ADMIN = `tws_bench-${crypto.randomBytes(12).toString('hex')}`;
const SUBSCRIPTION = '11111111-2222-4333-8444-555555555555';
const SAMPLE_INTERVAL_S = 60;
/** Alert latency: pairs whose lag crosses their RPO at known, staggered moments. */
const LATENCY_PAIRS = 200;
const LATENCY_INTERVAL_S = 5;
const LATENCY_RPO_S = 30;
/** Storage: one simulated day of samples for this many pairs at this interval. */
const STORAGE_PAIRS = 1000;
const STORAGE_INTERVAL_S = 30;

/**
 * The lag sampler at scale, in-process (so `process.cpuUsage()` is the controller's
 * CPU; PostgreSQL is its own process and not counted):
 * - one full sweep of 10,000 pairs (half `agent`, half `arm-snapshot` against a stub
 *   ARM listing; no external databases), wall and CPU, beside a bare batched INSERT of
 *   10,000 samples; then the same with 100,000 pairs;
 * - alert latency: from the moment a pair's lag crosses its RPO to the `rpo-breach`
 *   alert arriving on the event stream (SSE over real HTTP), p50/p99;
 * - the controller's RSS with 10,000 pairs;
 * - storage per pair per day: one simulated day of raw samples, then rolled up.
 */
export async function benchLag(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-bench-lag-'));
  fs.chmodSync(dir, 0o777);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  const config = loadConfig({
    DATABASE_URL: pg.url,
    TWINSITE_ADMIN_TOKEN: ADMIN,
    TWINSITE_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    TWINSITE_DATA_DIR: path.join(dir, 'ctl'),
    TWINSITE_SCHEDULERS: 'false',
    LOG_LEVEL: 'warn',
  });
  const app = await createControllerApp({
    config,
    databaseUrl: pg.url,
    logStream: new Writable({ write: (_c, _e, done) => done() }),
  });
  await app.listen(0, '127.0.0.1');
  const rows: BenchRow[] = [];
  try {
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const db = app.get<DataSource>(getDataSourceToken());
    const sampler = app.get(LagSampler);
    const estate = await seedEstate(base);
    const points: RecoveryPoint[] = [];
    stubArmListing(app, points);

    // 10,000 pairs.
    await insertPairs(db, estate, 0, 10_000, points);
    const first = await sweepAll(db, sampler); // cold: JIT, statement plans, the first alerts check
    const tenK = await medianSweep(db, sampler, 5);
    const tenKQuiet = await withoutLagEvents(app, () => medianSweep(db, sampler, 5));
    const bare = await bareInsert(db, 10_000);
    rows.push(
      {
        area: 'lag',
        measure: `full sweep, 10,000 pairs (agent + arm-snapshot), median of 5: wall`,
        value: ms(tenK.wallMs),
      },
      {
        area: 'lag',
        measure: `full sweep, 10,000 pairs: controller CPU (sampler + event stream)`,
        value: `${tenK.cpuS.toFixed(3)} CPU-s`,
        goal: '< 0.2 CPU-s',
      },
      {
        area: 'lag',
        measure: `  the same sweep without publishing its 10,000 lag events`,
        value: `${ms(tenKQuiet.wallMs)}, ${tenKQuiet.cpuS.toFixed(3)} CPU-s`,
      },
      {
        area: 'lag',
        measure: `  first (cold) sweep of the same`,
        value: `${ms(first.wallMs)}, ${first.cpuS.toFixed(3)} CPU-s`,
      },
      {
        area: 'lag',
        measure: `  bare batched INSERT of 10,000 samples (for comparison)`,
        value: `${ms(bare.wallMs)}, ${bare.cpuS.toFixed(3)} CPU-s`,
      },
    );
    if (tenK.summary.sampled !== 10_000) throw new Error(`sampled ${tenK.summary.sampled} of 10,000`);
    global.gc?.();
    rows.push({
      area: 'lag',
      measure: 'controller RSS with 10,000 pairs (after sweeps)',
      value: `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
      goal: '< 300 MB',
    });

    // Alert latency, with the 10,000 pairs in place.
    const latency = await alertLatency(base, db, sampler, estate);
    rows.push(
      {
        area: 'lag',
        measure: `alert latency, RPO crossed → rpo-breach on the event stream (${LATENCY_PAIRS} pairs, ${LATENCY_INTERVAL_S} s interval): p50`,
        value: ms(latency.p50),
      },
      {
        area: 'lag',
        measure: `alert latency: p99`,
        value: ms(latency.p99),
        goal: `≤ ${LATENCY_INTERVAL_S + 1} s (interval + 1 s)`,
      },
    );

    // 100,000 pairs.
    await insertPairs(db, estate, 10_000, 100_000, points);
    await sweepAll(db, sampler);
    const hundredK = await medianSweep(db, sampler, 3);
    if (hundredK.summary.sampled < 100_000)
      throw new Error(`sampled ${hundredK.summary.sampled} of 100,000+`);
    rows.push(
      { area: 'lag', measure: `full sweep, 100,000 pairs, median of 3: wall`, value: ms(hundredK.wallMs) },
      {
        area: 'lag',
        measure: `full sweep, 100,000 pairs: controller CPU`,
        value: `${hundredK.cpuS.toFixed(3)} CPU-s`,
      },
    );

    // Storage.
    const storage = await storagePerPairPerDay(db, app.get(LagHistoryService));
    rows.push(
      {
        area: 'lag',
        measure: `storage per pair per day, raw samples every ${STORAGE_INTERVAL_S} s (lag_samples, kept 48 h)`,
        value: kb(storage.rawBytes),
      },
      {
        area: 'lag',
        measure: `storage per pair per day, rolled up (lag_rollups: 1,440 minutes + 24 hours)`,
        value: kb(storage.rollupBytes),
      },
      {
        area: 'lag',
        measure: `  of which minute rollups (kept 7 days)`,
        value: `≈ ${kb(storage.minuteBytes)}`,
      },
      {
        area: 'lag',
        measure: `  of which hour rollups (kept 400 days: the long-run cost per pair per day)`,
        value: `≈ ${kb(storage.hourBytes)}`,
      },
    );
  } finally {
    await app.close();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

interface Estate {
  sourceSiteId: string;
  targetSiteId: string;
  applicationIds: string[];
  latencyApplicationId: string;
}

async function seedEstate(base: string): Promise<Estate> {
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
  const applicationIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    applicationIds.push(
      (
        await post('applications', {
          name: `bench-app-${i}`,
          owner: 'bench',
          tier: 1,
          rpoSeconds: 300,
          rtoSeconds: 900,
          protection: 'replication',
        })
      ).id,
    );
  }
  const latency = await post('applications', {
    name: 'bench-latency',
    owner: 'bench',
    tier: 1,
    rpoSeconds: LATENCY_RPO_S,
    rtoSeconds: 900,
    protection: 'replication',
  });
  return { sourceSiteId: a.id, targetSiteId: b.id, applicationIds, latencyApplicationId: latency.id };
}

/** The target stamp's listing, answered from memory: the sweep's cost is the controller's, not a simulator's. */
function stubArmListing(app: INestApplication, points: RecoveryPoint[]): void {
  const gateway = app.get<ArmGateway>(ARM_GATEWAY);
  (gateway as { listRecoveryPoints: ArmGateway['listRecoveryPoints'] }).listRecoveryPoints = async () =>
    points;
}

const vmId = (i: number) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${i % 50}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;

/** Pairs [from, to): even ones `agent` (a checkpoint each), odd ones `arm-snapshot` (a snapshot each at the target). */
async function insertPairs(
  db: DataSource,
  estate: Estate,
  from: number,
  to: number,
  points: RecoveryPoint[],
): Promise<void> {
  await db.query(
    `INSERT INTO pairs (application_id, source_site_id, target_site_id, name, source_resource_id, target, sample_interval_seconds, lag_source_kind)
     SELECT ($1::uuid[])[1 + i % array_length($1::uuid[], 1)], $2, $3, 'vm-' || i,
       '/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-' || (i % 50) || '/providers/Microsoft.Compute/virtualMachines/vm-' || i,
       '{"resourceGroup":"rg-dr","mode":"from-recovery-point"}'::jsonb, $6,
       CASE WHEN i % 2 = 0 THEN 'agent' ELSE 'arm-snapshot' END
     FROM generate_series($4::int, $5::int - 1) AS i`,
    [estate.applicationIds, estate.sourceSiteId, estate.targetSiteId, from, to, SAMPLE_INTERVAL_S],
  );
  await db.query(
    `INSERT INTO agent_checkpoints (pair_id, recovery_point_at, consistency)
     SELECT id, now() - interval '30 seconds', 'crash' FROM pairs
     WHERE lag_source_kind = 'agent' AND name = ANY (SELECT 'vm-' || i FROM generate_series($1::int, $2::int - 1) AS i)`,
    [from, to],
  );
  const at = new Date(Date.now() - 30_000).toISOString();
  for (let i = from + 1; i < to; i += 2) {
    const id = vmId(i).toLowerCase();
    points.push({
      snapshotId: `${id}-os`,
      snapshotName: `vm-${i}-os`,
      resourceGroup: 'twinsite-replica',
      sourceResourceId: id,
      recoveryPointAt: at,
      diskRole: 'os',
      tags: {},
    });
  }
}

interface Measured {
  wallMs: number;
  cpuS: number;
  summary: SweepSummary;
}

/** Every pair due, then one sweep, measured in-process. */
async function sweepAll(db: DataSource, sampler: LagSampler): Promise<Measured> {
  await db.query(
    `UPDATE pairs SET next_due_at = now() - interval '1 second' WHERE application_id IS NOT NULL AND sample_interval_seconds = $1`,
    [SAMPLE_INTERVAL_S],
  );
  const cpu = process.cpuUsage();
  const t = performance.now();
  const summary = await sampler.sampleDueNow();
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuS: (used.user + used.system) / 1e6, summary };
}

/** The median of `runs` warm sweeps (by CPU; wall likewise). */
async function medianSweep(db: DataSource, sampler: LagSampler, runs: number): Promise<Measured> {
  const results: Measured[] = [];
  for (let i = 0; i < runs; i++) results.push(await sweepAll(db, sampler));
  const median = (key: (x: Measured) => number) =>
    [...results].sort((a, b) => key(a) - key(b))[Math.floor(results.length / 2)];
  return { ...median((r) => r.cpuS), wallMs: median((r) => r.wallMs).wallMs };
}

/** The same with the lag events not published: what the event stream (libs/events, one NOTIFY per event) adds. */
async function withoutLagEvents<T>(app: INestApplication, work: () => Promise<T>): Promise<T> {
  const events = app.get(EventsService);
  const publishMany = events.publishMany;
  events.publishMany = async () => undefined;
  try {
    return await work();
  } finally {
    events.publishMany = publishMany;
  }
}

async function bareInsert(db: DataSource, n: number): Promise<{ wallMs: number; cpuS: number }> {
  const ids = Array.from({ length: n }, () => crypto.randomUUID());
  const lags = ids.map(() => Math.random() * 60);
  const now = Date.now();
  const cpu = process.cpuUsage();
  const t = performance.now();
  await db.query(
    `INSERT INTO lag_samples (pair_id, at, lag_seconds, recovery_point_at, stale, failing)
     SELECT id, to_timestamp($3::float8 / 1000), lag, NULL, false, false FROM unnest($1::uuid[], $2::float8[]) AS x(id, lag)`,
    [ids, lags, now],
  );
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  await db.query(`DELETE FROM lag_samples WHERE pair_id = ANY ($1::uuid[])`, [ids]);
  return { wallMs, cpuS: (used.user + used.system) / 1e6 };
}

/**
 * Agent pairs whose newest checkpoint makes their lag cross the RPO at known moments
 * (spread over 10 s); the sampler runs as its 1 s tick would; each pair's latency is
 * the arrival of its `rpo-breach` on the event stream minus its crossing time.
 */
async function alertLatency(
  base: string,
  db: DataSource,
  sampler: LagSampler,
  estate: Estate,
): Promise<{ p50: number; p99: number }> {
  const ids: string[] = (
    await db.query(
      `INSERT INTO pairs (application_id, source_site_id, target_site_id, name, source_resource_id, target, sample_interval_seconds, lag_source_kind)
       SELECT $1, $2, $3, 'lat-' || i, '/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-lat/providers/Microsoft.Compute/virtualMachines/lat-' || i,
         '{"resourceGroup":"rg-dr","mode":"from-recovery-point"}'::jsonb, $4, 'agent'
       FROM generate_series(1, $5::int) AS i RETURNING id`,
      [
        estate.latencyApplicationId,
        estate.sourceSiteId,
        estate.targetSiteId,
        LATENCY_INTERVAL_S,
        LATENCY_PAIRS,
      ],
    )
  ).map((r: { id: string }) => r.id);
  const t0 = Date.now() + 4_000;
  const crossing = new Map(ids.map((id, i) => [id, t0 + Math.round((i / ids.length) * 10_000)]));
  await db.query(
    `INSERT INTO agent_checkpoints (pair_id, recovery_point_at, consistency)
     SELECT id, to_timestamp(c / 1000), 'crash' FROM unnest($1::uuid[], $2::float8[]) AS x(id, c)`,
    [ids, ids.map((id) => crossing.get(id)! - LATENCY_RPO_S * 1000)],
  );
  const arrivals = new Map<string, number>();
  const abort = new AbortController();
  const stream = await fetch(`${base}/api/v1/events?types=alert&access_token=${ADMIN}`, {
    signal: abort.signal,
  });
  const reading = (async () => {
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const now = Date.now();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5))
            .join('');
          buffer = buffer.slice(end + 2);
          if (!data) continue;
          const event = JSON.parse(data);
          if (
            event.event === 'opened' &&
            event.alert?.kind === 'rpo-breach' &&
            crossing.has(event.alert.pairId) &&
            !arrivals.has(event.alert.pairId)
          ) {
            arrivals.set(event.alert.pairId, now);
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  // The production tick: every second, sample whatever is due.
  const deadline = t0 + 10_000 + (LATENCY_INTERVAL_S + 5) * 1000;
  while (arrivals.size < ids.length && Date.now() < deadline) {
    const tick = Date.now();
    await sampler.sampleDueNow();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
  }
  abort.abort();
  await reading;
  const latencies = ids
    .map((id) => (arrivals.has(id) ? arrivals.get(id)! - crossing.get(id)! : Infinity))
    .sort((x, y) => x - y);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  await db.query(`DELETE FROM pairs WHERE id = ANY ($1::uuid[])`, [ids]);
  return { p50: pct(50), p99: pct(99) };
}

/**
 * One simulated day of samples for STORAGE_PAIRS pairs every STORAGE_INTERVAL_S, in
 * the sampler's own table layout (indexes included), then compacted: bytes per pair
 * for the raw day, and for the same day as minute + hour rollups.
 */
async function storagePerPairPerDay(
  db: DataSource,
  history: LagHistoryService,
): Promise<{ rawBytes: number; rollupBytes: number; minuteBytes: number; hourBytes: number }> {
  await db.query(`TRUNCATE lag_samples, lag_rollups, lag_compaction_state`);
  const dayStart = Math.floor((Date.now() - 86_400_000) / 3_600_000) * 3_600_000;
  const ids: string[] = (await db.query(`SELECT id FROM pairs ORDER BY id LIMIT $1`, [STORAGE_PAIRS])).map(
    (r: { id: string }) => r.id,
  );
  // Time-ordered, as the sampler appends them.
  await db.query(
    `INSERT INTO lag_samples (pair_id, at, lag_seconds, recovery_point_at, stale, failing)
     SELECT p.id, t, (random() * 120)::real, t - make_interval(secs => random() * 120), false, false
     FROM generate_series(to_timestamp($2::float8 / 1000), to_timestamp(($2::float8 + 86400000 - 1) / 1000), make_interval(secs => $3)) AS t
     CROSS JOIN unnest($1::uuid[]) AS p(id)
     ORDER BY t`,
    [ids, dayStart, STORAGE_INTERVAL_S],
  );
  await db.query(`VACUUM ANALYZE lag_samples`);
  const [{ bytes: rawTotal }] = await db.query(
    `SELECT pg_total_relation_size('lag_samples')::float8 AS bytes`,
  );
  // Roll the day up as the compaction job does, as of the end of the day plus the raw retention (the raw rows then go).
  await history.compactNow(dayStart + 86_400_000 + 5_000);
  await db.query(`DELETE FROM lag_samples`);
  await db.query(`VACUUM ANALYZE lag_rollups`);
  const [{ bytes: rollupTotal }] = await db.query(
    `SELECT pg_total_relation_size('lag_rollups')::float8 AS bytes`,
  );
  const counts: Array<{ resolution: string; n: number }> = await db.query(
    `SELECT resolution, count(*)::int AS n FROM lag_rollups GROUP BY resolution`,
  );
  const rowsOf = (r: string) => counts.find((c) => c.resolution === r)?.n ?? 0;
  const perRow = rollupTotal / (rowsOf('minute') + rowsOf('hour'));
  return {
    rawBytes: rawTotal / ids.length,
    rollupBytes: rollupTotal / ids.length,
    minuteBytes: (perRow * rowsOf('minute')) / ids.length,
    hourBytes: (perRow * rowsOf('hour')) / ids.length,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (require.main === module) {
  benchLag().then(
    (rows) => {
      printTable(rows);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

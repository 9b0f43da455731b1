import { Client } from 'pg';
import { LagHistoryService } from '@twinsite/replication';
import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { createPair, estate, Refs, sampleNow, sql } from './lag-support';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Raw samples, minute and hour rollups, retention, the lag endpoint and the metrics. */
describe('lag history', () => {
  let databaseUrl: string;
  let a: TestController;
  let b: TestController;
  let db: Client;
  let refs: Refs;
  let pairId: string;
  const now = Date.now();

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    a = await startController({ databaseUrl });
    b = await startController({ databaseUrl });
    db = await sql(databaseUrl);
    refs = await estate(a, 300);
    pairId = (await createPair(a, refs, { sampleIntervalSeconds: 30 })).id;
    // Three days of samples every 30 s: a sawtooth 0..590 s (a 10-minute period), one unknown sample an hour.
    await db.query(
      `INSERT INTO lag_samples (pair_id, at, lag_seconds, recovery_point_at, stale, failing)
       SELECT $1, t, CASE WHEN extract(minute FROM t) = 0 AND extract(second FROM t) < 30 THEN NULL
                          ELSE (extract(epoch FROM t)::bigint % 600) END, NULL, false, false
       FROM generate_series(to_timestamp($2::float8 / 1000), to_timestamp($3::float8 / 1000), interval '30 seconds') AS t`,
      [pairId, Math.floor((now - 72 * HOUR) / HOUR) * HOUR, now - 1000],
    );
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await Promise.all([a?.close(), b?.close()]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('rolls raw samples up into minutes and hours, drops raw samples past 48 h, and is idempotent across two instances', async () => {
    const minuteEnd = Math.floor((now - 5000) / MINUTE) * MINUTE;
    const { rows: expected } = await db.query(
      `SELECT count(DISTINCT date_trunc('minute', at))::int AS minutes, count(DISTINCT date_trunc('hour', at)) FILTER (WHERE at < to_timestamp($3::float8 / 1000))::int AS hours,
              count(*)::int AS samples
       FROM lag_samples WHERE pair_id = $1 AND at < to_timestamp($2::float8 / 1000)`,
      [pairId, minuteEnd, Math.floor(minuteEnd / HOUR) * HOUR],
    );
    const [ra, rb] = await Promise.all([
      a.app.get(LagHistoryService).compactNow(now),
      b.app.get(LagHistoryService).compactNow(now),
    ]);
    // One instance at a time: the other skipped that round.
    expect([ra.skipped, rb.skipped].sort()).toEqual([false, true]);
    const done = ra.skipped ? rb : ra;
    expect(done.deletedSamples).toBeGreaterThan(0);
    const { rows: raw } = await db.query(`SELECT min(at) AS first FROM lag_samples WHERE pair_id = $1`, [
      pairId,
    ]);
    expect(raw[0].first.getTime()).toBeGreaterThanOrEqual(now - 48 * HOUR - MINUTE);
    const snapshot = async () =>
      (
        await db.query(
          `SELECT resolution, count(*)::int AS n, sum(samples)::int AS samples, max(max_lag) AS worst FROM lag_rollups WHERE pair_id = $1 GROUP BY resolution ORDER BY resolution`,
          [pairId],
        )
      ).rows;
    const first = await snapshot();
    expect(first.map((r) => r.resolution)).toEqual(['hour', 'minute']);
    const minute = first.find((r) => r.resolution === 'minute')!;
    const hour = first.find((r) => r.resolution === 'hour')!;
    // Every minute of the three days (raw samples older than 48 h were rolled up before they went), 2 samples each.
    expect(minute.n).toBe(expected[0].minutes);
    expect(minute.n).toBeGreaterThan(72 * 60 - 2);
    expect(minute.samples).toBe(expected[0].samples);
    // Closed hours only (the current one is rolled up when it ends).
    expect(hour.n).toBe(expected[0].hours);
    expect(hour.worst).toBeCloseTo(570, 0);
    // Hours hold exactly the samples of their minutes.
    const { rows: check } = await db.query(
      `SELECT h.samples AS h, (SELECT sum(samples) FROM lag_rollups m WHERE m.pair_id = h.pair_id AND m.resolution = 'minute'
         AND m.bucket_start >= h.bucket_start AND m.bucket_start < h.bucket_start + interval '1 hour')::int AS m
       FROM lag_rollups h WHERE h.pair_id = $1 AND h.resolution = 'hour' ORDER BY h.bucket_start DESC LIMIT 5`,
      [pairId],
    );
    for (const row of check) expect(row.h).toBe(row.m);

    // Again, and again from the other instance: the same rows.
    await a.app.get(LagHistoryService).compactNow(now);
    await b.app.get(LagHistoryService).compactNow(now);
    expect(await snapshot()).toEqual(first);
  });

  it('serves GET /pairs/{id}/lag at the resolution the window needs: raw, minute or hour, never more than ~500 points', async () => {
    const get = async (fromMs: number, toMs: number) =>
      (
        await a
          .http()
          .get(
            `/api/v1/pairs/${pairId}/lag?from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`,
          )
          .set(admin)
          .expect(200)
      ).body;
    const hourWindow = await get(now - 2 * HOUR, now - HOUR);
    expect(hourWindow).toMatchObject({ pairId, rpoSeconds: 300, resolution: 'raw' });
    expect(hourWindow.points.length).toBeGreaterThanOrEqual(119);
    expect(hourWindow.points.length).toBeLessThanOrEqual(121);

    const day = await get(now - 24 * HOUR, now);
    expect(day.resolution).toBe('minute');
    expect(day.points.length).toBeLessThanOrEqual(500);
    expect(day.points.length).toBeGreaterThan(250);
    // The spikes survive: each 5-minute bucket's max is the top of its sawtooth tooth or close to it.
    expect(Math.max(...day.points.map((p: any) => p.maxLagSeconds))).toBeCloseTo(570, 0);
    expect(day.points[0]).toEqual({
      at: expect.any(String),
      lagSeconds: expect.any(Number),
      maxLagSeconds: expect.any(Number),
    });

    const threeDays = await get(now - 72 * HOUR, now);
    expect(threeDays.resolution).toBe('minute');
    expect(threeDays.points.length).toBeLessThanOrEqual(500);

    const month = await get(now - 30 * 24 * HOUR, now);
    expect(month.resolution).toBe('hour');
    expect(month.points.length).toBeLessThanOrEqual(500);
    expect(month.points.length).toBeGreaterThan(10);
    for (const p of month.points) expect(p.maxLagSeconds).toBeGreaterThanOrEqual(p.lagSeconds);

    const bad = await a.http().get(`/api/v1/pairs/${pairId}/lag?from=yesterday`).set(admin).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'from' })]);
  });

  it('exports Prometheus series without a per-pair label: lag histogram, worst lag per application, sampling duration, pairs sampled', async () => {
    const other = await createPair(a, refs, { sampleIntervalSeconds: 30 });
    await a
      .http()
      .post(`/api/v1/pairs/${other.id}/checkpoints`)
      .set(admin)
      .send({ recoveryPointAt: new Date(Date.now() - 42_000).toISOString(), consistency: 'crash' })
      .expect(201);
    await sampleNow(a, db, [other.id]);
    const text = (await a.http().get('/metrics').expect(200)).text;
    expect(text).toMatch(/^twinsite_pair_lag_seconds_bucket\{le="60"\} 1$/m);
    expect(text).toMatch(/^twinsite_pair_lag_seconds_count 1$/m);
    const app = (await a.http().get(`/api/v1/applications/${refs.applicationId}`).set(admin).expect(200))
      .body;
    const worst = new RegExp(
      `^twinsite_application_worst_lag_seconds\\{application="${app.name}"\\} (\\S+)$`,
      'm',
    ).exec(text);
    expect(Number(worst![1])).toBeGreaterThanOrEqual(42);
    expect(text).toMatch(/^twinsite_lag_pairs_sampled_total\{kind="agent",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^twinsite_lag_sampling_duration_seconds_count\{phase="batch"\} 1$/m);
    expect(text).not.toContain(other.id);
  });
});

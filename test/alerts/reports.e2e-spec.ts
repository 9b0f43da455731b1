import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { createApplication, createPair, createSite } from '../inventory/inventory-fixtures';
import { issueToken, uuid } from './alerts-support';

/**
 * The lag sampler (libs/replication) owns these tables. When its migration has not
 * created them yet, the suite creates them with exactly the agreed columns.
 */
async function ensureLagTables(db: DataSource): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS lag_samples (
    pair_id uuid NOT NULL, at timestamptz NOT NULL, lag_seconds real NULL, recovery_point_at timestamptz NULL, stale bool NOT NULL DEFAULT false, failing bool NOT NULL DEFAULT false)`);
  await db.query(`CREATE TABLE IF NOT EXISTS lag_rollups (
    pair_id uuid NOT NULL, resolution text NOT NULL, bucket_start timestamptz NOT NULL, max_lag real NULL, min_lag real NULL, avg_lag real NULL, samples int NOT NULL)`);
}

const HOUR = 3_600_000;
// The window: four hours, two days ago (inside the default seven-day window too).
const W0 = Math.floor((Date.now() - 2 * 86_400_000) / HOUR) * HOUR;
const at = (seconds: number) => new Date(W0 + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();
const FROM = iso(0);
const TO = iso(4 * 3600);

describe('RPO compliance report', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let db: DataSource;
  let appA: any;
  let appB: any;
  let steady: any;
  let late: any;
  let rolled: any;

  async function samples(pairId: string, rows: Array<[number, number | null, boolean?]>) {
    await db.query(
      `INSERT INTO lag_samples (pair_id, at, lag_seconds, recovery_point_at, stale, failing)
       SELECT $1, t.at, t.lag, CASE WHEN t.lag IS NULL THEN NULL ELSE t.at - make_interval(secs => t.lag) END, t.stale, false
       FROM unnest($2::timestamptz[], $3::float8[], $4::bool[]) AS t(at, lag, stale)`,
      [pairId, rows.map((r) => at(r[0])), rows.map((r) => r[1]), rows.map((r) => r[2] ?? false)],
    );
  }
  async function rollups(
    pairId: string,
    resolution: 'minute' | 'hour',
    rows: Array<[number, number, number]>,
  ) {
    await db.query(
      `INSERT INTO lag_rollups (pair_id, resolution, bucket_start, max_lag, min_lag, avg_lag, samples)
       SELECT $1, $2, t.start, t.max, t.max, t.max, t.n FROM unnest($3::timestamptz[], $4::float8[], $5::int[]) AS t(start, max, n)`,
      [pairId, resolution, rows.map((r) => at(r[0])), rows.map((r) => r[1]), rows.map((r) => r[2])],
    );
  }
  const range = (from: number, to: number, step: number) =>
    Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    db = ctl.app.get<DataSource>(getDataSourceToken());
    await ensureLagTables(db);
    const source = await createSite(ctl);
    const target = await createSite(ctl);
    appA = await createApplication(ctl, { name: 'a-payments', rpoSeconds: 300 });
    appB = await createApplication(ctl, { name: 'b-ledger', rpoSeconds: 600 });
    const refs = (app: any) => ({ applicationId: app.id, sourceSiteId: source.id, targetSiteId: target.id });
    steady = await createPair(ctl, refs(appA), { name: 'a1-steady' });
    late = await createPair(ctl, refs(appA), { name: 'a2-late' });
    rolled = await createPair(ctl, refs(appB), { name: 'b1-rolled-up' });
    const future = await createPair(ctl, refs(appB), { name: 'b2-created-after-window' });
    const setCreated = (id: string, when: Date) =>
      db.query('UPDATE pairs SET created_at = $2 WHERE id = $1', [id, when]);
    await setCreated(steady.id, at(-86_400));
    await setCreated(late.id, at(7200)); // mid-window
    await setCreated(rolled.id, at(-2 * 86_400));
    await setCreated(future.id, at(5 * 3600));

    // a1: lag 30 s every minute; the sampler is down from 1:00 to 1:30 (a gap); replication
    // stalls from 2:00 to 2:30 (lag climbs, recovery point stuck); then lag 20 s.
    await samples(steady.id, [
      ...range(-60, 3600, 60).map((t) => [t, 30] as [number, number]),
      ...range(5400, 7140, 60).map((t) => [t, 40] as [number, number]),
      ...range(7200, 8940, 60).map((t) => [t, 40 + (t - 7200)] as [number, number]),
      ...range(9000, 14_340, 60).map((t) => [t, 20] as [number, number]),
    ]);
    // a2: created at 2:00, first sampled at 2:00:30, always 10 s behind.
    await samples(
      late.id,
      range(7230, 14_370, 60).map((t) => [t, 10]),
    );
    // b1: raw samples only from 2:00 (older ones pruned), minute rollups from 1:00, hour rollups before.
    await rollups(rolled.id, 'hour', [
      [-3600, 50, 120],
      [0, 50, 120],
    ]);
    await rollups(
      rolled.id,
      'minute',
      range(3600, 7140, 60).map((t) => [t, t === 5400 ? 700 : 30, 2]),
    );
    await samples(
      rolled.id,
      range(7200, 14_370, 30).map((t) => [t, 15]),
    );
  });
  afterAll(async () => {
    await ctl?.close();
    await dropTestDatabase(databaseUrl);
  });

  const report = async (query: string, token = admin) =>
    (await ctl.http().get(`/api/v1/reports/rpo-compliance?${query}`).set(token).expect(200)).body;

  it('computes compliance, worst lag and breaches per pair from the lag history', async () => {
    const body = await report(`from=${FROM}&to=${TO}`);
    expect(body).toMatchObject({ from: FROM, to: TO });
    expect(body.applications.map((a: any) => a.name)).toEqual(
      expect.arrayContaining(['a-payments', 'b-ledger']),
    );
    const a = body.applications.find((x: any) => x.id === appA.id);
    const [a1, a2] = a.pairs;
    expect([a1.name, a2.name]).toEqual(['a1-steady', 'a2-late']);

    // Gap: last sample 1:00 with lag 30 s, so the recovery point is 0:59:30 and the RPO
    // (5 min) runs out at 1:04:30; out of RPO until the next sample at 1:30 (1530 s).
    // Stall: recovery point stuck at 1:59:20, out of RPO from 2:04:20 to 2:30 (1540 s).
    expect(a1).toMatchObject({
      state: 'initial',
      coveredSeconds: 14_400,
      withinSeconds: 14_400 - 1530 - 1540,
      compliance: (14_400 - 3070) / 14_400,
      worstLagSeconds: 1840,
      unknownSeconds: 0,
      breachCount: 2,
      breachSeconds: 3070,
      lagSecondsAtEnd: 80,
      withinRpoAtEnd: true,
      breaches: [
        { start: iso(3870), end: iso(5400), durationSeconds: 1530, startedBeforeWindow: false },
        { start: iso(7460), end: iso(9000), durationSeconds: 1540, startedBeforeWindow: false },
      ],
    });
    // Created mid-window: counted from its first sample only.
    expect(a2).toMatchObject({
      coveredSeconds: 14_400 - 7230,
      withinSeconds: 14_400 - 7230,
      compliance: 1,
      worstLagSeconds: 70,
      breaches: [],
    });
    expect(a2.createdAt).toBe(iso(7200));

    // The application: its covered time, within RPO only while every pair was.
    expect(a).toMatchObject({
      rpoSeconds: 300,
      pairCount: 2,
      coveredSeconds: 14_400,
      withinSeconds: 11_330,
      compliance: 11_330 / 14_400,
      worstLagSeconds: 1840,
      breachCount: 2,
      breachSeconds: 3070,
      currentState: 'within-rpo',
    });
  });

  it('reads rollups where raw samples are gone: hours, then minutes, then raw', async () => {
    const body = await report(`applicationId=${appB.id}&from=${FROM}&to=${TO}`);
    expect(body.applications).toHaveLength(1);
    const b = body.applications[0];
    // The pair created after the window is not in it.
    expect(b.pairs.map((p: any) => p.name)).toEqual(['b1-rolled-up']);
    // Hour buckets replay 120 samples at 50 s (lag up to 80 s); one minute bucket saw 700 s
    // (> 600 s RPO): its two replayed samples at 1:30:00 and 1:30:30 are out of RPO until 1:31.
    expect(b.pairs[0]).toMatchObject({
      coveredSeconds: 14_400,
      withinSeconds: 14_340,
      compliance: 14_340 / 14_400,
      worstLagSeconds: 730,
      breaches: [{ start: iso(5400), end: iso(5460), durationSeconds: 60, startedBeforeWindow: false }],
    });
    expect(b).toMatchObject({ compliance: 14_340 / 14_400, pairCount: 1, currentState: 'within-rpo' });
  });

  it('gives the same report as CSV, with ?format=csv or Accept: text/csv', async () => {
    const viaQuery = await ctl
      .http()
      .get(`/api/v1/reports/rpo-compliance?applicationId=${appA.id}&from=${FROM}&to=${TO}&format=csv`)
      .set(admin)
      .expect(200);
    const viaAccept = await ctl
      .http()
      .get(`/api/v1/reports/rpo-compliance?applicationId=${appA.id}&from=${FROM}&to=${TO}`)
      .set(admin)
      .set('Accept', 'text/csv')
      .expect(200);
    for (const res of [viaQuery, viaAccept]) {
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="rpo-compliance_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv"$/,
      );
    }
    expect(viaAccept.text).toBe(viaQuery.text);
    const rows = viaQuery.text
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    const header = rows[0];
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(rows.map((r) => r[0])).toEqual([
      'row',
      'application',
      'application-breach',
      'application-breach',
      'pair',
      'breach',
      'breach',
      'pair',
    ]);
    const app = rows[1];
    expect([
      col(app, 'application_name'),
      col(app, 'compliance_percent'),
      col(app, 'breach_seconds'),
      col(app, 'worst_lag_seconds'),
      col(app, 'state'),
    ]).toEqual(['a-payments', '78.681', '3070', '1840', 'within-rpo']);
    const a1 = rows[4];
    expect([
      col(a1, 'pair_name'),
      col(a1, 'covered_seconds'),
      col(a1, 'within_seconds'),
      col(a1, 'breach_count'),
    ]).toEqual(['a1-steady', '14400', '11330', '2']);
    expect([
      col(rows[5], 'breach_start'),
      col(rows[5], 'breach_end'),
      col(rows[5], 'breach_duration_seconds'),
    ]).toEqual([iso(3870), iso(5400), '1530']);
    expect([col(rows[7], 'pair_name'), col(rows[7], 'compliance_percent')]).toEqual(['a2-late', '100']);
  });

  it('defaults to the last seven days, up to now, and shows a breach still going on', async () => {
    const body = await report(`applicationId=${appA.id}`, bearer((await issueToken(ctl, 'viewer')).token));
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 86_400_000);
    expect(Math.abs(Date.parse(body.to) - Date.now())).toBeLessThan(60_000);
    const a1 = body.applications[0].pairs[0];
    // No sample since 3:59 two days ago: the lag has grown ever since, so the pair is out of RPO now.
    const last = a1.breaches[a1.breaches.length - 1];
    expect(last).toMatchObject({ start: iso(14_340 + 280), end: null });
    expect(a1.withinRpoAtEnd).toBe(false);
    expect(body.applications[0].currentState).toBe('out-of-rpo');
  });

  it('refuses a bad window and an unknown application', async () => {
    const reversed = await ctl
      .http()
      .get(`/api/v1/reports/rpo-compliance?from=${TO}&to=${FROM}`)
      .set(admin)
      .expect(400);
    expect(reversed.body.error.details).toEqual([
      expect.objectContaining({ field: 'from', rule: 'before-to' }),
    ]);
    const notATime = await ctl
      .http()
      .get('/api/v1/reports/rpo-compliance?from=yesterday')
      .set(admin)
      .expect(400);
    expect(notATime.body.error.details).toEqual([expect.objectContaining({ field: 'from' })]);
    await ctl.http().get(`/api/v1/reports/rpo-compliance?applicationId=${uuid()}`).set(admin).expect(404);
    await ctl.http().get('/api/v1/reports/rpo-compliance?format=xml').set(admin).expect(400);
    await ctl.http().get('/api/v1/reports/rpo-compliance').expect(401);
  });
});

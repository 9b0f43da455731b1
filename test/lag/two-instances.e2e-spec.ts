import { Client } from 'pg';
import { LAG_SETTINGS, LagSampler, LagSettings } from '@twinsite/replication';
import { startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { SseClient } from '../alerts/alerts-support';
import { createPair, estate, eventStream, makeDue, sql } from './lag-support';

/** Two controller instances sampling one database: claims never overlap. */
describe('two controller instances sampling one database', () => {
  let databaseUrl: string;
  let a: TestController;
  let b: TestController;
  let db: Client;
  let stream: SseClient;
  const pairIds: string[] = [];
  const breaching = new Set<string>();
  const N = 120;
  const RPO = 60;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    a = await startController({ databaseUrl });
    b = await startController({ databaseUrl });
    // Small batches, so the two sweeps interleave over the same due pairs.
    for (const ctl of [a, b]) (ctl.app.get(LAG_SETTINGS) as LagSettings).batchSize = 10;
    db = await sql(databaseUrl);
    const refs = await estate(a, RPO);
    for (let i = 0; i < N; i++) pairIds.push((await createPair(a, refs)).id);
    // A third of the agents are 2 minutes behind: over the RPO.
    await db.query(
      `INSERT INTO agent_checkpoints (pair_id, recovery_point_at, consistency)
       SELECT id, now() - CASE WHEN n % 3 = 0 THEN interval '120 seconds' ELSE interval '2 seconds' END, 'crash'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, n)`,
      [pairIds],
    );
    pairIds.forEach((id, i) => (i + 1) % 3 === 0 && breaching.add(id));
    stream = await eventStream(a);
  }, 120_000);
  afterAll(async () => {
    await stream?.close();
    await db?.end();
    await Promise.all([a?.close(), b?.close()]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('samples every pair exactly once per cycle, whichever instance claims it, and opens each alert once', async () => {
    const CYCLES = 3;
    const perInstance = { a: 0, b: 0 };
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await makeDue(db, pairIds);
      const [ra, rb] = await Promise.all([
        a.app.get(LagSampler).sampleDueNow(),
        b.app.get(LagSampler).sampleDueNow(),
      ]);
      expect(ra.sampled + rb.sampled).toBe(N);
      perInstance.a += ra.sampled;
      perInstance.b += rb.sampled;
      // Exactly `cycle` samples for every pair: none missed, none twice.
      const { rows: per } = await db.query(
        `SELECT pair_id, count(*)::int AS c FROM lag_samples GROUP BY pair_id`,
      );
      expect(per).toHaveLength(N);
      expect(new Set(per.map((r) => r.c))).toEqual(new Set([cycle]));
    }
    // Both took part (each claimed some batches).
    expect(perInstance.a).toBeGreaterThan(0);
    expect(perInstance.b).toBeGreaterThan(0);

    const { rows: alerts } = await db.query(
      `SELECT pair_id, kind, count(*)::int AS n FROM alerts GROUP BY pair_id, kind`,
    );
    expect(
      alerts
        .filter((r) => r.kind === 'rpo-breach')
        .map((r) => r.pair_id)
        .sort(),
    ).toEqual([...breaching].sort());
    expect(alerts.every((r) => r.n === 1)).toBe(true);
    expect(alerts.filter((r) => r.kind !== 'rpo-breach' && r.kind !== 'rpo-warning')).toEqual([]);
    // On the stream of instance A: one `opened` per breaching pair, whichever instance opened it.
    await stream.waitFor(
      () =>
        stream.events.filter((e) => e.type === 'alert' && e.data.alert.kind === 'rpo-breach').length >=
        breaching.size,
    );
    const opened = stream.events.filter(
      (e) => e.type === 'alert' && e.data.alert.kind === 'rpo-breach' && e.data.event === 'opened',
    );
    expect(opened.map((e) => e.data.alert.pairId).sort()).toEqual([...breaching].sort());
  });

  it('a pair is due again only on its next slot: an immediate second sweep samples nothing', async () => {
    await makeDue(db, pairIds);
    await a.app.get(LagSampler).sampleDueNow();
    const [ra, rb] = await Promise.all([
      a.app.get(LagSampler).sampleDueNow(),
      b.app.get(LagSampler).sampleDueNow(),
    ]);
    expect(ra.sampled + rb.sampled).toBe(0);
    // Spread over the 5 s interval on each pair's own phase, not all at one instant.
    const { rows } = await db.query(
      `SELECT count(DISTINCT floor(extract(epoch FROM next_due_at) * 2))::int AS slots, min(next_due_at) > now() AS future,
              max(next_due_at) <= now() + interval '6 seconds' AS within FROM pairs WHERE id = ANY ($1::uuid[])`,
      [pairIds],
    );
    expect(rows[0]).toEqual({ slots: expect.any(Number), future: true, within: true });
    expect(rows[0].slots).toBeGreaterThan(5);
  });
});

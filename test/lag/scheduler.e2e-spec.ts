import { Client } from 'pg';
import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { createPair, estate, sql } from './lag-support';

/** With the schedulers on (as in production) the 1 s tick samples each pair on its own interval, unaided. */
describe('the sampling schedule', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let db: Client;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl, env: { TWINSITE_SCHEDULERS: 'true' } });
    db = await sql(databaseUrl);
  });
  afterAll(async () => {
    await db?.end();
    await ctl?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('samples a new pair at once, then every sampleIntervalSeconds on its phase', async () => {
    const refs = await estate(ctl, 60);
    const pair = await createPair(ctl, refs, { sampleIntervalSeconds: 5 });
    await ctl
      .http()
      .post(`/api/v1/pairs/${pair.id}/checkpoints`)
      .set(admin)
      .send({ recoveryPointAt: new Date().toISOString(), consistency: 'crash' })
      .expect(201);
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM lag_samples WHERE pair_id = $1 AND NOT failing`,
        [pair.id],
      );
      expect(rows[0].n).toBeGreaterThanOrEqual(1);
    });
    await eventually(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM lag_samples WHERE pair_id = $1 AND NOT failing`,
          [pair.id],
        );
        expect(rows[0].n).toBeGreaterThanOrEqual(3);
      },
      { timeoutMs: 20_000 },
    );
    const { rows } = await db.query(
      `SELECT extract(epoch FROM at)::float8 AS at FROM lag_samples WHERE pair_id = $1 AND NOT failing ORDER BY at`,
      [pair.id],
    );
    const gaps = rows.slice(1).map((r, i) => r.at - rows[i].at);
    // Later samples are one interval apart (the tick is 1 s, so within a second of it).
    for (const gap of gaps.slice(1)) {
      expect(gap).toBeGreaterThan(4);
      expect(gap).toBeLessThan(6.5);
    }
    expect((await ctl.http().get(`/api/v1/pairs/${pair.id}`).set(admin).expect(200)).body.state).toBe(
      'protected',
    );
  });
});

import { Client } from 'pg';
import { FailoverWorker } from '@twinsite/failover';
import { startController, TestController } from '../support/controller';
import { lastSeq, requestLog } from '../support/sim';
import { createdTwice, mutationsPerResource } from '../../scripts/chaos';
import { FAST_ENGINE, FailoverHarness, startFailoverHarness } from './harness';

/** Two controller instances on one database: the work is shared, and every step runs exactly once. */
describe('two controller instances', () => {
  let h: FailoverHarness;
  let second: TestController;

  beforeAll(async () => {
    h = await startFailoverHarness({
      vms: 6,
      dbVms: 2,
      groups: (ids) => [
        { name: 'db', pairIds: ids.slice(0, 2), after: [{ kind: 'wait', seconds: 1 }] },
        { name: 'app', pairIds: ids.slice(2, 4) },
        { name: 'web', pairIds: ids.slice(4) },
      ],
    });
    second = await startController({ databaseUrl: h.databaseUrl });
    const worker = second.app.get(FailoverWorker);
    Object.assign(worker.options, FAST_ENGINE);
    worker.enable();
  });
  afterAll(async () => {
    await second?.close();
    await h?.stop();
  });

  it('claims each step once, whichever instance gets it, and makes each resource once', async () => {
    const seq = await lastSeq(h.sim.sim, h.sim.b);
    const started = await h.start({ acceptWarnings: true }, 'two-instances');
    const run = await h.waitFor(started.body.id, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    expect(run.steps.map((s: any) => s.attempts)).toEqual(run.steps.map(() => 1));

    const db = new Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT step_id, count(*) FILTER (WHERE event = 'claim')::int AS claims, count(DISTINCT instance)::int AS instances
         FROM failover_step_journal WHERE run_id = $1 GROUP BY step_id`,
        [run.id],
      );
      expect(rows).toHaveLength(run.steps.length);
      expect(rows.every((r) => r.claims === 1 && r.instances === 1)).toBe(true);
      const { rows: owners } = await db.query(
        `SELECT DISTINCT instance FROM failover_step_journal WHERE run_id = $1`,
        [run.id],
      );
      expect(owners.length).toBeGreaterThanOrEqual(1);
    } finally {
      await db.end();
    }
    const log = await requestLog(h.sim.sim, h.sim.b, seq);
    expect(createdTwice(log)).toEqual([]);
    expect([...mutationsPerResource(log).entries()].filter(([, n]) => n > 1)).toEqual([]);
  });
});

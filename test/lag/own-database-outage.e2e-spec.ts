import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { LAG_SETTINGS, LagSampler, LagSettings } from '@twinsite/replication';
import { admin, startController, TestController } from '../support/controller';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { PgProcess, startPgProcess } from '../support/pg-process';
import { createPair, estate, sleep } from './lag-support';

/**
 * The controller's own PostgreSQL restarted in the middle of sampling: no crash, the
 * pause logged once, no false alerts (our outage is not the sources' failure), and
 * sampling resumes by itself.
 */
describe('the controller’s own database restarting mid-sampling', () => {
  let dir: string;
  let port: number;
  let pg: PgProcess;
  let ctl: TestController;
  const pairIds: string[] = [];
  let agentsRunning = true;
  let agents: Promise<void>;
  const RPO = 6;

  const query = async (sqlText: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      return (await client.query(sqlText, params)).rows;
    } finally {
      await client.end();
    }
  };
  const makeDue = () => query(`UPDATE pairs SET next_due_at = now()`);
  /** Sweeps until every pair has been sampled once more (an agent's push may hold a row for a moment). */
  const sampleRound = async (sampler: LagSampler) => {
    let sampled = 0;
    for (let i = 0; i < 5 && sampled < pairIds.length; i++) sampled += (await sampler.sampleDueNow()).sampled;
    return sampled;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-lag-outage-'));
    fs.chmodSync(dir, 0o777);
    port = await freePort();
    pg = await startPgProcess(path.join(dir, 'data'), port);
    ctl = await startController({ databaseUrl: pg.url });
    (ctl.app.get(LAG_SETTINGS) as LagSettings).batchSize = 25;
    const refs = await estate(ctl, RPO);
    for (let i = 0; i < 200; i++) pairIds.push((await createPair(ctl, refs)).id);
    // The agents push a fresh checkpoint every half second (and keep trying while the controller cannot take them).
    agents = (async () => {
      while (agentsRunning) {
        await Promise.all(
          pairIds.slice(0, 20).map((id) =>
            ctl
              .http()
              .post(`/api/v1/pairs/${id}/checkpoints`)
              .set(admin)
              .send({ recoveryPointAt: new Date().toISOString(), consistency: 'crash' })
              .catch(() => undefined),
          ),
        );
        await query(
          `INSERT INTO agent_checkpoints (pair_id, recovery_point_at, consistency) SELECT id, now(), 'crash' FROM unnest($1::uuid[]) id ON CONFLICT DO NOTHING`,
          [pairIds.slice(20)],
        ).catch(() => undefined);
        await sleep(500);
      }
    })();
  }, 120_000);
  afterAll(async () => {
    agentsRunning = false;
    await agents;
    await ctl?.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pauses without crashing, reports not ready, resumes by itself, and opens no alert', async () => {
    const sampler = ctl.app.get(LagSampler);
    await sleep(600);
    await makeDue();
    expect(await sampleRound(sampler)).toBeGreaterThanOrEqual(pairIds.length);

    // A sweep in flight when the database goes away.
    await sleep(600);
    await makeDue();
    const inFlight = sampler.sampleDueNow();
    await pg.stop();
    const interrupted = await inFlight;
    expect(interrupted.sampled).toBeLessThanOrEqual(pairIds.length);

    const outageStart = Date.now();
    // Longer than the RPO: were our outage read as the sources', every pair would breach.
    while (Date.now() - outageStart < RPO * 1000 + 3000) {
      const sweep = await sampler.sampleDueNow();
      expect(sweep).toMatchObject({ sampled: 0, paused: 'database-unavailable' });
      expect(sampler.paused).toBe(true);
      await sleep(500);
    }
    await ctl.http().get('/readyz').expect(503);
    await ctl.http().get('/healthz').expect(200);
    const pausedLogs = ctl.logs.lines.filter((l) => l.includes('lag sampling paused'));
    expect(pausedLogs).toHaveLength(1);

    pg = await startPgProcess(path.join(dir, 'data'), port);
    await eventually(async () => {
      await ctl.http().get('/readyz').expect(200);
    });
    // Sampling resumes: every pair is due (its slot passed during the outage) and sampled again.
    let resumed = 0;
    await eventually(async () => {
      resumed += (await sampler.sampleDueNow()).sampled;
      expect(resumed).toBe(pairIds.length);
    });
    expect(sampler.paused).toBe(false);
    expect(ctl.logs.lines.filter((l) => l.includes('lag sampling resumed'))).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      await sleep(700);
      await makeDue();
      expect(await sampleRound(sampler)).toBeGreaterThanOrEqual(pairIds.length);
    }
    const alerts = await query(`SELECT kind, count(*)::int AS n FROM alerts GROUP BY kind`);
    expect(alerts).toEqual([]);
    const states = await query(`SELECT state, count(*)::int AS n FROM pairs GROUP BY state`);
    expect(states).toEqual([{ state: 'protected', n: pairIds.length }]);
    const failing = await query(`SELECT count(*)::int AS n FROM lag_samples WHERE failing`);
    expect(failing[0].n).toBe(0);
  });
});

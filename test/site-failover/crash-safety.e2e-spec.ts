import * as crypto from 'node:crypto';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, lastSeq, requestLog, SimHarness, startSim } from '../support/sim';
import {
  ControllerProcess,
  createdTwice,
  inventoryOf,
  killHard,
  recordedResources,
  spawnControllerProcess,
  stopGently,
  taggedWith,
  TwinsiteApi,
} from '../../scripts/chaos';
import { buildSiteEstate, SiteEstateIds, stopReplication, waitForSiteFailover } from './estate';

// The built controller runs as a child process (as in production) so that it can be
// killed with SIGKILL in the middle of a site failover. `npm test` builds it first.

describe('a site failover survives SIGKILL of the controller', () => {
  let databaseUrl: string;
  let sim: SimHarness;
  let ctl: ControllerProcess | undefined;
  let estate: SiteEstateIds | undefined;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('twinsite_site_chaos');
    sim = await startSim();
  });
  afterAll(async () => {
    if (ctl) await stopGently(ctl);
    if (estate) await stopReplication(sim, estate.jobIds);
    await sim?.stop();
    await dropTestDatabase(databaseUrl);
  });

  const restart = async () => {
    ctl = await spawnControllerProcess(databaseUrl);
    return new TwinsiteApi(ctl.url);
  };

  it('resumes after each restart, creates nothing twice, starts each plan once, and its cleanup leaves the target as before', async () => {
    let api = await restart();
    estate = await buildSiteEstate(api, sim, [
      { name: 'erp', tier: 1, vms: 2 },
      { name: 'web', tier: 2, vms: 2 },
      { name: 'crm', tier: 3, vms: 2 },
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    // Every long-running operation at the target takes a while, so that the kills land mid-operation.
    await simAdmin(sim.sim, sim.b, 'POST', '/faults', { operationLatencyMs: { '*': 400 } });
    const before = await inventoryOf(api, estate.siteB);
    const seq = await lastSeq(sim.sim, sim.b);

    const key = crypto.randomUUID();
    const started = await api.ok(
      'POST',
      `/sites/${estate.siteA}/failovers`,
      { kind: 'test', confirm: estate.siteAName, acceptWarnings: true, plansInFlight: 2 },
      [202],
      {
        'Idempotency-Key': key,
      },
    );

    // Kill 1: while the first two plans fail over. Kill 2: as soon as the third plan has been started.
    await waitForSiteFailover(
      api,
      started.id,
      (sf) => sf.runs[0].state === 'running' && sf.runs[1].state === 'running',
      30_000,
      'two plans running',
    );
    await new Promise((r) => setTimeout(r, 700));
    await killHard(ctl!);
    api = await restart();
    await waitForSiteFailover(
      api,
      started.id,
      (sf) => sf.runs[2].runId !== null || sf.state !== 'running',
      60_000,
      'the third plan started',
    );
    await killHard(ctl!);
    api = await restart();

    // The same key still names the same site failover.
    const again = await api.request(
      'POST',
      `/sites/${estate.siteA}/failovers`,
      { kind: 'test', confirm: estate.siteAName, acceptWarnings: true },
      { 'Idempotency-Key': key },
    );
    expect([again.status, again.body.id]).toEqual([200, started.id]);

    const done = await waitForSiteFailover(
      api,
      started.id,
      (sf) => ['failed-over', 'partially-failed', 'failed'].includes(sf.state),
      90_000,
      'failed-over',
    );
    expect(done.state).toBe('failed-over');
    expect(done.runs.map((r: any) => r.state)).toEqual(['failed-over', 'failed-over', 'failed-over']);
    for (const app of estate.apps) {
      const runs = await api.ok('GET', `/failovers?planId=${app.planId}`);
      expect(runs.items.map((r: any) => r.id)).toEqual([
        done.runs.find((r: any) => r.planId === app.planId).runId,
      ]);
    }
    expect(createdTwice(await requestLog(sim.sim, sim.b, seq))).toEqual([]);
    for (const r of done.runs) {
      const run = await api.ok('GET', `/failovers/${r.runId}`);
      const recorded = recordedResources(run);
      expect((await taggedWith(sim, sim.b, r.runId)).filter((id) => !recorded.includes(id))).toEqual([]);
    }

    await api.ok('POST', `/site-failovers/${started.id}/cleanup`, {}, [200]);
    const cleaned = await waitForSiteFailover(
      api,
      started.id,
      (sf) => ['cleaned-up', 'cleanup-failed'].includes(sf.state),
      90_000,
      'cleaned-up',
    );
    expect(cleaned.state).toBe('cleaned-up');
    await simAdmin(sim.sim, sim.b, 'DELETE', '/faults');
    expect(await inventoryOf(api, estate.siteB)).toEqual(before);
  }, 150_000);
});

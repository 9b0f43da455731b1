import { FailoverWorker } from '@twinsite/failover';
import { LagSampler } from '@twinsite/replication';
import { SiteFailoverCoordinator } from '@twinsite/site-failover';
import { ADMIN_TOKEN, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, SimHarness, startSim } from '../support/sim';
import { TwinsiteApi } from '../../scripts/chaos';
import { FAST_ENGINE } from '../failover/harness';
import {
  AppSpec,
  buildSiteEstate,
  EstateOptions,
  SiteEstateIds,
  stopReplication,
  waitForSiteFailover,
} from './estate';

export interface SiteHarness {
  databaseUrl: string;
  sim: SimHarness;
  ctl: TestController;
  api: TwinsiteApi;
  estate: SiteEstateIds;
  coordinator: SiteFailoverCoordinator;
  /** Presses "fail over" for site A; the answer as it came. */
  start(body?: Record<string, unknown>, key?: string): Promise<{ status: number; body: any }>;
  waitFor(id: string, ...states: string[]): Promise<any>;
  waitForRuns(id: string, done: (sf: any) => boolean): Promise<any>;
  /** Samples every pair's lag now (the schedulers are off in tests). */
  sampleLag(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A controller in this process (real HTTP, real PostgreSQL) with the failover worker and
 * the site failover coordinator running, the two simulated stamps, and a site with the
 * given applications registered through the API.
 */
export async function startSiteHarness(specs: AppSpec[], o: EstateOptions = {}): Promise<SiteHarness> {
  const databaseUrl = await createTestDatabase('twinsite_site_failover');
  const sim = await startSim();
  const ctl = await startController({ databaseUrl });
  const worker = ctl.app.get(FailoverWorker);
  Object.assign(worker.options, FAST_ENGINE);
  worker.enable();
  const coordinator = ctl.app.get(SiteFailoverCoordinator);
  coordinator.enable();
  const api = new TwinsiteApi(ctl.url, ADMIN_TOKEN);
  const estate = await buildSiteEstate(api, sim, specs, o);
  return {
    databaseUrl,
    sim,
    ctl,
    api,
    estate,
    coordinator,
    start: (body = {}, key) =>
      api.request(
        'POST',
        `/sites/${estate.siteA}/failovers`,
        { kind: 'test', confirm: estate.siteAName, ...body },
        key ? { 'Idempotency-Key': key } : {},
      ),
    waitFor: (id, ...states) =>
      waitForSiteFailover(api, id, (sf) => states.includes(sf.state), 90_000, states.join(' or ')),
    waitForRuns: (id, done) => waitForSiteFailover(api, id, done, 30_000, 'the expected runs'),
    sampleLag: async () => {
      await ctl.app.get(LagSampler).sampleDueNow();
    },
    stop: async () => {
      await simAdmin(sim.sim, sim.a, 'DELETE', '/faults').catch(() => undefined);
      await simAdmin(sim.sim, sim.b, 'DELETE', '/faults').catch(() => undefined);
      await stopReplication(sim, estate.jobIds);
      await ctl.close();
      await sim.stop();
      await dropTestDatabase(databaseUrl);
    },
  };
}

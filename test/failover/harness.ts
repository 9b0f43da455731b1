import { AzureArmGateway, AzureArmGatewayOptions } from '@twinsite/azure';
import { FailoverOptions, FailoverWorker } from '@twinsite/failover';
import { ADMIN_TOKEN, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, SimHarness, startSim } from '../support/sim';
import {
  inState,
  registerEstate,
  RegisteredEstate,
  RegisterOptions,
  seedEstate,
  SeededEstate,
  TwinsiteApi,
  waitForRun,
} from '../../scripts/chaos';

export interface FailoverHarness {
  databaseUrl: string;
  sim: SimHarness;
  ctl: TestController;
  api: TwinsiteApi;
  seeded: SeededEstate;
  estate: RegisteredEstate;
  worker: FailoverWorker;
  gateway: AzureArmGateway;
  /** Starts a run; the answer as it came (status and body). */
  start(
    body?: Record<string, unknown>,
    key?: string,
    planId?: string,
  ): Promise<{ status: number; body: any }>;
  waitFor(runId: string, ...states: string[]): Promise<any>;
  stop(): Promise<void>;
}

/** Engine timings for tests: quick retries, the production behaviour otherwise. */
export const FAST_ENGINE: Partial<FailoverOptions> = { retryBaseMs: 200, recoveryPointPollMs: 300 };

export interface HarnessOptions extends RegisterOptions {
  armGateway?: AzureArmGatewayOptions;
  /** Run the worker loop (as every controller instance does in production). Default true. */
  worker?: boolean;
  engine?: Partial<FailoverOptions>;
}

/**
 * A controller (in this process, real HTTP, real PostgreSQL), the two simulated stamps
 * with a seeded estate and replication jobs writing recovery points every second, and
 * everything registered through the API: sites, application, pairs, mappings, plan.
 */
export async function startFailoverHarness(o: HarnessOptions): Promise<FailoverHarness> {
  const databaseUrl = await createTestDatabase('twinsite_failover');
  const sim = await startSim();
  const ctl = await startController({ databaseUrl, armGateway: o.armGateway });
  const worker = ctl.app.get(FailoverWorker);
  Object.assign(worker.options, FAST_ENGINE, o.engine ?? {});
  if (o.worker !== false) worker.enable();
  const api = new TwinsiteApi(ctl.url, ADMIN_TOKEN);
  const seeded = await seedEstate(sim, o);
  const estate = await registerEstate(api, sim, seeded, o);
  return {
    databaseUrl,
    sim,
    ctl,
    api,
    seeded,
    estate,
    worker,
    gateway: ctl.app.get(AzureArmGateway),
    start: (body = {}, key, planId = estate.planId) =>
      api.request(
        'POST',
        `/plans/${planId}/failovers`,
        { kind: 'test', recoveryPoint: 'latest', confirm: estate.planName, ...body },
        key ? { 'Idempotency-Key': key } : {},
      ),
    waitFor: (runId, ...states) => waitForRun(api, runId, inState(...states), 90_000, states.join(' or ')),
    stop: async () => {
      for (const id of seeded.jobIds)
        await simAdmin(sim.sim, sim.a, 'DELETE', `/replication-jobs/${id}`).catch(() => undefined);
      await ctl.close();
      await sim.stop();
      await dropTestDatabase(databaseUrl);
    },
  };
}

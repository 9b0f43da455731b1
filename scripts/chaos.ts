/**
 * `npm run chaos`: crash safety of the failover engine. The built controller
 * (dist/apps/controller/src/main.js) runs as a child process against PostgreSQL and
 * the stamp simulator; each trial starts a test failover, kills the controller with
 * SIGKILL at random moments (while it runs and while it cleans up), restarts it, and
 * checks what an operator would: the run completes, no resource was created twice, no
 * orphan is left, and after the cleanup the target stamp is exactly as before.
 *
 * The same pieces (estate, API client, process control, checks) serve the short
 * version in test/failover and the failover benchmark.
 *
 *   npm run chaos                 20 trials
 *   CHAOS_TRIALS=50 npm run chaos
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '@twinsite/shared';
import { admin as simAdmin, LoggedRequest, requestLog, SimHarness, startSim } from '../test/support/sim';

export const CHAOS_ADMIN_TOKEN = 'tws_chaos-admin-token-0123456789abcdef';
export const CHAOS_SECRET_KEY = crypto.createHash('sha256').update('twinsite-chaos').digest('hex');
/** The checkout: scripts/ when run from source (tests), dist/scripts/ when built. */
const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const CONTROLLER_MAIN = path.join(ROOT, 'dist/apps/controller/src/main.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- a small client of the controller's API --------------------------------------------

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export class TwinsiteApi {
  constructor(
    readonly url: string,
    private readonly token: string = CHAOS_ADMIN_TOKEN,
  ) {}

  async request<T = any>(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.url}/api/v1${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The body of a call that must answer `expected`; anything else throws with the answer. */
  async ok<T = any>(
    method: string,
    route: string,
    body?: unknown,
    expected = [200, 201, 202],
    headers?: Record<string, string>,
  ): Promise<T> {
    const answer = await this.request<T>(method, route, body, headers);
    if (!expected.includes(answer.status))
      throw new Error(`${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}

// ---- the estate ------------------------------------------------------------------------

export interface EstateOptions {
  /** VMs at the source, `vm-001`…; the first `dbVms` of them in the db subnet. */
  vms: number;
  dbVms?: number;
  /** Seconds between recovery points the simulator's replication jobs write. */
  replicationIntervalSeconds?: number;
  /** Recovery points kept per disk. */
  keep?: number;
  size?: string;
  dataDisks?: number;
}

export const vmName = (i: number) => `vm-${String(i + 1).padStart(3, '0')}`;

function subnetOfVm(i: number, dbVms: number): 'db' | 'web' {
  return i < dbVms ? 'db' : 'web';
}

function ipOfVm(i: number, dbVms: number): string {
  return subnetOfVm(i, dbVms) === 'db' ? `10.1.2.${10 + i}` : `10.1.1.${10 + i - dbVms}`;
}

/** stamp-a: the production network and VMs. */
export function sourceEstate(o: EstateOptions) {
  const dbVms = o.dbVms ?? 0;
  return {
    resourceGroups: ['app-rg'],
    networkSecurityGroups: [{ name: 'web-nsg', resourceGroup: 'app-rg', rules: [] }],
    virtualNetworks: [
      {
        name: 'app-vnet',
        resourceGroup: 'app-rg',
        addressPrefixes: ['10.1.0.0/16'],
        subnets: [
          { name: 'web', addressPrefix: '10.1.1.0/24', networkSecurityGroup: 'web-nsg' },
          { name: 'db', addressPrefix: '10.1.2.0/24' },
        ],
      },
    ],
    virtualMachines: Array.from({ length: o.vms }, (_, i) => ({
      name: vmName(i),
      resourceGroup: 'app-rg',
      size: o.size ?? 'Standard_A1_v2',
      osType: 'Linux',
      dataDisks: Array.from({ length: o.dataDisks ?? 0 }, (_, lun) => ({ lun, sizeGB: 8 })),
      nic: { vnet: 'app-vnet', subnet: subnetOfVm(i, dbVms), privateIp: ipOfVm(i, dbVms) },
    })),
  };
}

/** stamp-b: the DR network (same addresses), a separate isolated network for tests, a load balancer. */
export function targetEstate() {
  const subnets = [
    { name: 'web', addressPrefix: '10.1.1.0/24' },
    { name: 'db', addressPrefix: '10.1.2.0/24' },
  ];
  return {
    resourceGroups: ['dr-net'],
    networkSecurityGroups: [
      { name: 'dr-web-nsg', resourceGroup: 'dr-net', rules: [] },
      { name: 'test-web-nsg', resourceGroup: 'dr-net', rules: [] },
    ],
    virtualNetworks: [
      { name: 'dr-vnet', resourceGroup: 'dr-net', addressPrefixes: ['10.1.0.0/16'], subnets },
      { name: 'test-vnet', resourceGroup: 'dr-net', addressPrefixes: ['10.1.0.0/16'], subnets },
    ],
    publicIPAddresses: [{ name: 'dr-lb-ip', resourceGroup: 'dr-net' }],
    loadBalancers: [
      { name: 'dr-lb', resourceGroup: 'dr-net', publicIPAddress: 'dr-lb-ip', backendPools: ['web-pool'] },
    ],
  };
}

export const armId = (subscriptionId: string, rg: string, type: string, ...names: string[]) => {
  const [provider, ...types] = type.split('/');
  return `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/${provider}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
};

export interface SeededEstate {
  vmIds: string[];
  jobIds: string[];
}

/** Seeds both stamps and starts one replication job per VM into `replica-rg` at stamp-b. */
export async function seedEstate(h: SimHarness, o: EstateOptions): Promise<SeededEstate> {
  await simAdmin(h.sim, h.a, 'POST', '/seed', sourceEstate(o));
  await simAdmin(h.sim, h.b, 'POST', '/seed', targetEstate());
  const vmIds = Array.from({ length: o.vms }, (_, i) =>
    armId(h.a.subscriptionId, 'app-rg', 'Microsoft.Compute/virtualMachines', vmName(i)),
  );
  const jobIds: string[] = [];
  for (const vmId of vmIds) {
    const job = await simAdmin<{ id: string }>(h.sim, h.a, 'POST', '/replication-jobs', {
      sourceVmId: vmId,
      targetStamp: 'stamp-b',
      intervalSeconds: o.replicationIntervalSeconds ?? 1,
      targetResourceGroup: 'replica-rg',
      keep: o.keep ?? 20,
    });
    jobIds.push(job.id);
  }
  return { vmIds, jobIds };
}

export interface RegisteredEstate {
  siteA: string;
  siteB: string;
  applicationId: string;
  pairIds: string[];
  mappingIds: string[];
  planId: string;
  planName: string;
}

export interface RegisterOptions extends EstateOptions {
  /** Groups of the plan from the pair ids, in VM order (default: one group of all). */
  groups?: (pairIds: string[]) => Array<Record<string, unknown>>;
  rpoSeconds?: number;
  rtoSeconds?: number;
  planName?: string;
  /** Overrides of each pair's target. */
  target?: (i: number) => Record<string, unknown>;
}

/** Sites, application, one pair per VM, the two subnet mappings and the plan, through the API. */
export async function registerEstate(
  api: TwinsiteApi,
  h: SimHarness,
  seeded: SeededEstate,
  o: RegisterOptions,
): Promise<RegisteredEstate> {
  const site = (name: string, stamp: SimHarness['a']) =>
    api.ok('POST', '/sites', {
      name: `${name}-${crypto.randomBytes(3).toString('hex')}`,
      armEndpoint: stamp.url,
      location: stamp.location,
      subscriptionId: stamp.subscriptionId,
      tenantId: 'adfs',
      clientId: 'twinsite',
      clientSecret: 'sim-client-secret',
      caCertificate: h.sim.caPem,
    });
  const [a, b] = [await site('stamp-a', h.a), await site('stamp-b', h.b)];
  const application = await api.ok('POST', '/applications', {
    name: `shop-${crypto.randomBytes(3).toString('hex')}`,
    owner: 'shop-team@contoso.com',
    tier: 1,
    rpoSeconds: o.rpoSeconds ?? 300,
    rtoSeconds: o.rtoSeconds ?? 3600,
    protection: 'replication',
    optIn: true,
  });
  const pairIds: string[] = [];
  for (let i = 0; i < seeded.vmIds.length; i++) {
    const pair = await api.ok('POST', '/pairs', {
      applicationId: application.id,
      sourceSiteId: a.id,
      targetSiteId: b.id,
      sourceResourceId: seeded.vmIds[i],
      target: { resourceGroup: 'app-dr', vmSize: o.size ?? 'Standard_A1_v2', ...(o.target?.(i) ?? {}) },
      lagSource: { kind: 'arm-snapshot', resourceGroup: 'replica-rg' },
    });
    pairIds.push(pair.id);
  }
  const sub = (stamp: SimHarness['a'], rg: string, vnet: string, subnet: string) =>
    armId(stamp.subscriptionId, rg, 'Microsoft.Network/virtualNetworks/subnets', vnet, subnet);
  const nsg = (stamp: SimHarness['a'], rg: string, name: string) =>
    armId(stamp.subscriptionId, rg, 'Microsoft.Network/networkSecurityGroups', name);
  const pool = (stamp: SimHarness['a'], rg: string, lb: string, name: string) =>
    armId(stamp.subscriptionId, rg, 'Microsoft.Network/loadBalancers/backendAddressPools', lb, name);
  const web = await api.ok('POST', '/network-mappings', {
    name: `web-${crypto.randomBytes(3).toString('hex')}`,
    sourceSiteId: a.id,
    targetSiteId: b.id,
    sourceSubnetId: sub(h.a, 'app-rg', 'app-vnet', 'web'),
    targetSubnetId: sub(h.b, 'dr-net', 'dr-vnet', 'web'),
    testSubnetId: sub(h.b, 'dr-net', 'test-vnet', 'web'),
    ipMode: 'keep',
    nsgs: [
      {
        sourceNsgId: nsg(h.a, 'app-rg', 'web-nsg'),
        targetNsgId: nsg(h.b, 'dr-net', 'dr-web-nsg'),
        testNsgId: nsg(h.b, 'dr-net', 'test-web-nsg'),
      },
    ],
    loadBalancers: [
      {
        sourceBackendPoolId: pool(h.a, 'app-rg', 'app-lb', 'web-pool'),
        targetBackendPoolId: pool(h.b, 'dr-net', 'dr-lb', 'web-pool'),
      },
    ],
    publicIp: true,
  });
  const db = await api.ok('POST', '/network-mappings', {
    name: `db-${crypto.randomBytes(3).toString('hex')}`,
    sourceSiteId: a.id,
    targetSiteId: b.id,
    sourceSubnetId: sub(h.a, 'app-rg', 'app-vnet', 'db'),
    targetSubnetId: sub(h.b, 'dr-net', 'dr-vnet', 'db'),
    testSubnetId: sub(h.b, 'dr-net', 'test-vnet', 'db'),
    ipMode: 'keep',
  });
  const planName = o.planName ?? `shop-plan-${crypto.randomBytes(3).toString('hex')}`;
  const plan = await api.ok('POST', '/plans', {
    name: planName,
    applicationId: application.id,
    groups: o.groups ? o.groups(pairIds) : [{ name: 'all', pairIds }],
  });
  return {
    siteA: a.id,
    siteB: b.id,
    applicationId: application.id,
    pairIds,
    mappingIds: [web.id, db.id],
    planId: plan.id,
    planName,
  };
}

// ---- watching runs ---------------------------------------------------------------------

export async function waitForRun(
  api: TwinsiteApi,
  runId: string,
  done: (run: any) => boolean,
  timeoutMs = 120_000,
  what = 'the expected state',
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  for (;;) {
    try {
      const answer = await api.request('GET', `/failovers/${runId}`);
      if (answer.status === 200) {
        last = answer.body;
        if (done(last)) return last;
      }
    } catch {
      // the controller is restarting
    }
    if (Date.now() > deadline) {
      const steps = (last?.steps ?? [])
        .map((s: any) => `${s.name}: ${s.state}${s.error ? ` (${s.error.message})` : ''}`)
        .join('\n  ');
      throw new Error(
        `run ${runId} did not reach ${what} within ${timeoutMs} ms; it is ${last?.state}:\n  ${steps}`,
      );
    }
    await sleep(200);
  }
}

export const inState =
  (...states: string[]) =>
  (run: any) =>
    states.includes(run.state);

// ---- what the stamps say ---------------------------------------------------------------

const isArm = (e: LoggedRequest) => !e.path.startsWith('/adfs') && !e.path.startsWith('/metadata');
const isOperation = (e: LoggedRequest) => /\/(operations|operationresults|operationResults)\//i.test(e.path);

/** Resource paths a successful create (PUT answered 201) reached more than once. */
export function createdTwice(log: readonly LoggedRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const e of log) {
    if (e.method !== 'PUT' || e.status !== 201 || !isArm(e)) continue;
    const key = e.path.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].filter(([, n]) => n > 1).map(([p, n]) => `${p} (${n}×)`);
}

/** Mutating calls (PUT, POST actions, DELETE) per resource, actions counted against their resource. */
export function mutationsPerResource(log: readonly LoggedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of log) {
    if (e.method === 'GET' || e.method === 'HEAD' || !isArm(e) || isOperation(e)) continue;
    const resource = e.path
      .toLowerCase()
      .replace(/\/(start|poweroff|deallocate|restart|begingetaccess|endgetaccess)$/, '');
    counts.set(resource, (counts.get(resource) ?? 0) + 1);
  }
  return counts;
}

interface SimResource {
  id: string;
  type?: string;
  tags?: Record<string, string>;
}

/** Every resource at a stamp carrying `twinsite-run=<runId>` (the simulator's view, disks included). */
export async function taggedWith(h: SimHarness, stamp: SimHarness['a'], runId: string): Promise<string[]> {
  const answer = await simAdmin<any>(h.sim, stamp, 'GET', '/resources');
  const all: SimResource[] = Array.isArray(answer) ? answer : (answer.resources ?? answer.items ?? []);
  return all
    .filter((r) => r.tags?.['twinsite-run'] === runId)
    .map((r) => r.id.toLowerCase())
    .sort();
}

/** The target's inventory without its timestamp, for "exactly as before". */
export async function inventoryOf(api: TwinsiteApi, siteId: string): Promise<unknown> {
  const inv = await api.ok('GET', `/sites/${siteId}/inventory`);
  const { collectedAt: _collectedAt, ...rest } = inv;
  return rest;
}

/** Resources the run's steps recorded making. */
export function recordedResources(run: any): string[] {
  return [
    ...new Set<string>(
      (run.steps ?? []).flatMap((s: any) => (s.resources ?? []).map((r: any) => String(r.id).toLowerCase())),
    ),
  ].sort();
}

// ---- the controller as a process -------------------------------------------------------

export interface ControllerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  startedAt: number;
}

export async function freeTcpPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built controller, as `npm start` does, with a short failover lease so reclaims come quickly. */
export async function spawnControllerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ControllerProcess> {
  if (!fs.existsSync(CONTROLLER_MAIN))
    throw new Error(`${CONTROLLER_MAIN} is missing: run npm run build first`);
  const port = await freeTcpPort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-chaos-ctl-'));
  const startedAt = Date.now();
  const child = spawn(process.execPath, [CONTROLLER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      TWINSITE_SECRET_KEY: CHAOS_SECRET_KEY,
      TWINSITE_ADMIN_TOKEN: CHAOS_ADMIN_TOKEN,
      TWINSITE_DATA_DIR: dataDir,
      TWINSITE_FAILOVER_LEASE_MS: '3000',
      TWINSITE_FAILOVER_RETRY_BASE_MS: '300',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', process.env.CHAOS_VERBOSE ? 'inherit' : 'ignore'],
  });
  child.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the controller exited with ${child.exitCode} while starting`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the controller was not ready within 60 s');
    }
    await sleep(50);
  }
  return { child, url, port, startedAt };
}

export function killHard(p: ControllerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

export function stopGently(p: ControllerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.child.kill('SIGTERM');
  });
}

// ---- the chaos trials ------------------------------------------------------------------

export interface ChaosOptions {
  trials: number;
  databaseUrl: string;
  sim: SimHarness;
  /** VMs in the plan (two groups). */
  vms?: number;
  /** Kills while failing over (the cleanup gets one more). */
  killsPerTrial?: number;
  /** Latency of every long-running operation at the target stamp. */
  operationLatencyMs?: number;
  log?: (line: string) => void;
}

export interface TrialResult {
  trial: number;
  runId: string;
  kills: number;
  ok: boolean;
  problems: string[];
  /** From a restart to the next step claimed, per kill. */
  resumeMs: number[];
  durationMs: number;
}

/** Kills the controller after a random delay, unless the run is done first; returns whether it killed. */
async function killAtRandom(
  p: ControllerProcess,
  api: TwinsiteApi,
  runId: string,
  maxDelayMs: number,
  done: (run: any) => boolean,
): Promise<boolean> {
  const delay = 200 + Math.random() * (maxDelayMs - 200);
  const deadline = Date.now() + delay;
  while (Date.now() < deadline) {
    const run = await api.request('GET', `/failovers/${runId}`).catch(() => undefined);
    if (run?.status === 200 && done(run.body)) return false;
    await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
  }
  await killHard(p);
  return true;
}

/** Time from a restart to the first step claim the database journal records after it. */
export async function resumeLatency(
  databaseUrl: string,
  runId: string,
  restartedAt: number,
): Promise<number | null> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT min(at) AS at FROM failover_step_journal WHERE run_id = $1 AND event = 'claim' AND at >= to_timestamp($2::float8 / 1000)`,
      [runId, restartedAt],
    );
    return rows[0]?.at ? new Date(rows[0].at).getTime() - restartedAt : null;
  } finally {
    await client.end();
  }
}

export async function runChaosTrials(o: ChaosOptions): Promise<TrialResult[]> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const h = o.sim;
  const vms = o.vms ?? 3;
  const seeded = await seedEstate(h, { vms, dbVms: 1, replicationIntervalSeconds: 1, keep: 30 });
  // Every long-running operation at the target takes a while, so that kills land mid-operation.
  await simAdmin(h.sim, h.b, 'POST', '/faults', { operationLatencyMs: { '*': o.operationLatencyMs ?? 800 } });
  let controller = await spawnControllerProcess(o.databaseUrl);
  let api = new TwinsiteApi(controller.url);
  const estate = await registerEstate(api, h, seeded, {
    vms,
    dbVms: 1,
    groups: (ids) => [
      { name: 'db', pairIds: ids.slice(0, 1) },
      { name: 'app', pairIds: ids.slice(1) },
    ],
  });
  const results: TrialResult[] = [];
  try {
    for (let trial = 1; trial <= o.trials; trial++) {
      const started = Date.now();
      const problems: string[] = [];
      const resumeMs: number[] = [];
      const before = await inventoryOf(api, estate.siteB);
      const seq = (await requestLog(h.sim, h.b)).reduce((max, e) => Math.max(max, e.seq), 0);
      const run = await api.ok(
        'POST',
        `/plans/${estate.planId}/failovers`,
        { kind: 'test', recoveryPoint: 'latest', confirm: estate.planName, acceptWarnings: true },
        [202],
        { 'Idempotency-Key': crypto.randomUUID() },
      );
      let kills = 0;
      const restart = async (phase: (r: any) => boolean, maxDelayMs: number) => {
        if (await killAtRandom(controller, api, run.id, maxDelayMs, phase)) {
          kills++;
          const restartedAt = Date.now();
          controller = await spawnControllerProcess(o.databaseUrl);
          api = new TwinsiteApi(controller.url);
          const latency = await waitFor(() => resumeLatency(o.databaseUrl, run.id, restartedAt), 30_000);
          if (latency !== null) resumeMs.push(latency);
        }
      };
      const failedOver = inState('failed-over', 'failed');
      for (let k = 0; k < (o.killsPerTrial ?? 2); k++) await restart(failedOver, 5_000);
      const afterFailover = await waitForRun(api, run.id, failedOver, 180_000, 'failed-over');
      if (afterFailover.state !== 'failed-over')
        problems.push(
          `run ended ${afterFailover.state}: ${JSON.stringify(afterFailover.steps.filter((s: any) => s.error))}`,
        );

      const targetLog = await requestLog(h.sim, h.b, seq);
      const twice = createdTwice(targetLog);
      if (twice.length) problems.push(`created twice: ${twice.join(', ')}`);
      const tagged = await taggedWith(h, h.b, run.id);
      const recorded = recordedResources(afterFailover);
      const orphans = tagged.filter((id) => !recorded.includes(id));
      if (orphans.length) problems.push(`made but not recorded by any step (orphans): ${orphans.join(', ')}`);
      const sourceWrites = (await requestLog(h.sim, h.a, 0)).filter(
        (e) => Date.parse(e.time) >= started && e.method !== 'GET' && isArm(e),
      );
      if (sourceWrites.length)
        problems.push(
          `a test run wrote to the source: ${sourceWrites.map((e) => `${e.method} ${e.path}`).join(', ')}`,
        );

      await api.ok('POST', `/failovers/${run.id}/cleanup`, {});
      const cleaned = inState('cleaned-up', 'cleanup-failed');
      await restart(cleaned, 3_000);
      const end = await waitForRun(api, run.id, cleaned, 120_000, 'cleaned-up');
      if (end.state !== 'cleaned-up') problems.push(`cleanup ended ${end.state}`);
      const left = await taggedWith(h, h.b, run.id);
      if (left.length) problems.push(`left behind after cleanup: ${left.join(', ')}`);
      const after = await inventoryOf(api, estate.siteB);
      if (JSON.stringify(after) !== JSON.stringify(before))
        problems.push('the target inventory differs from before the run');

      const result = {
        trial,
        runId: run.id,
        kills,
        ok: problems.length === 0,
        problems,
        resumeMs,
        durationMs: Date.now() - started,
      };
      results.push(result);
      log(
        `trial ${trial}/${o.trials}: ${result.ok ? 'ok' : 'FAILED'} (${kills} kill(s), ${(result.durationMs / 1000).toFixed(1)} s` +
          `${resumeMs.length ? `, resumed in ${resumeMs.map((m) => `${m} ms`).join(', ')}` : ''})${result.ok ? '' : `\n  ${problems.join('\n  ')}`}`,
      );
    }
  } finally {
    await stopGently(controller);
  }
  return results;
}

async function waitFor<T>(get: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get().catch(() => null);
    if (value !== null || Date.now() > deadline) return value;
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const trials = Number(process.env.CHAOS_TRIALS ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-chaos-'));
  fs.chmodSync(dir, 0o777);
  let pg: { url: string; stop(): Promise<void> } | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freeTcpPort(),
      persistent: false,
      database: 'twinsite_chaos',
    });
    databaseUrl = pg.url;
  }
  const sim = await startSim();
  try {
    process.stderr.write(
      `chaos: ${trials} trials, SIGKILL at random moments of each test failover and its cleanup\n`,
    );
    const results = await runChaosTrials({ trials, databaseUrl, sim });
    const failed = results.filter((r) => !r.ok);
    const kills = results.reduce((n, r) => n + r.kills, 0);
    const resumes = results.flatMap((r) => r.resumeMs).sort((a, b) => a - b);
    const median = resumes.length ? resumes[Math.floor(resumes.length / 2)] : null;
    console.log(
      `chaos: ${results.length - failed.length}/${results.length} trials ok, ${kills} SIGKILLs; ` +
        `restart to next step running: median ${median ?? '-'} ms, max ${resumes.length ? resumes[resumes.length - 1] : '-'} ms`,
    );
    if (failed.length) process.exitCode = 1;
  } finally {
    await sim.stop();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

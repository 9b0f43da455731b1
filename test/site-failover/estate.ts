import * as crypto from 'node:crypto';
import { mapLimit } from '@twinsite/core';
import { admin as simAdmin, SimHarness } from '../support/sim';
import { armId, targetEstate, TwinsiteApi } from '../../scripts/chaos';

/**
 * A site with several applications, for site failovers: every application's VMs in one
 * production network at stamp-a (addresses never shared), replicated to stamp-b every
 * second, one recovery plan per application. Used by the tests and the benchmark.
 */
export interface AppSpec {
  name: string;
  tier: number;
  vms: number;
  protection?: 'replication' | 'backup-restore' | 'high-availability' | 'none';
  optIn?: boolean;
  /** No recovery plan (default: one plan of all its VMs). */
  noPlan?: boolean;
  /** Groups of the plan from its pair ids (default: one group of all). */
  groups?: (pairIds: string[]) => Array<Record<string, unknown>>;
  size?: string;
  rpoSeconds?: number;
  rtoSeconds?: number;
  /** `agent`: the lag is whatever the checkpoints say (a test pushes an old one to breach the RPO). */
  lagSource?: 'arm-snapshot' | 'agent';
  /** No replication job at the simulator for its VMs. */
  noReplication?: boolean;
}

export interface EstateApp {
  spec: AppSpec;
  id: string;
  name: string;
  vmNames: string[];
  ips: string[];
  pairIds: string[];
  planId: string | null;
  planName: string | null;
}

export interface SiteEstateIds {
  siteA: string;
  siteAName: string;
  siteB: string;
  siteBName: string;
  apps: EstateApp[];
  jobIds: string[];
}

export interface EstateOptions {
  replicationIntervalSeconds?: number;
  keep?: number;
  /** Register applications, pairs and plans this many at a time. */
  concurrency?: number;
}

const suffix = () => crypto.randomBytes(3).toString('hex');

/** VM k (over the whole site) gets 10.1.(1 + k / 200).(10 + k % 200): unique, in 10.1.0.0/16. */
const ipOf = (k: number) => `10.1.${1 + Math.floor(k / 200)}.${10 + (k % 200)}`;

export async function buildSiteEstate(
  api: TwinsiteApi,
  h: SimHarness,
  specs: AppSpec[],
  o: EstateOptions = {},
): Promise<SiteEstateIds> {
  let k = 0;
  const layout = specs.map((spec) => {
    const vmNames = Array.from(
      { length: spec.vms },
      (_, i) => `${spec.name}-${String(i + 1).padStart(2, '0')}`,
    );
    const ips = vmNames.map(() => ipOf(k++));
    return { spec, vmNames, ips };
  });
  const subnets = Math.max(1, Math.ceil(k / 200));
  const subnetList = Array.from({ length: subnets }, (_, i) => ({
    name: `app-${i + 1}`,
    addressPrefix: `10.1.${i + 1}.0/24`,
  }));
  await simAdmin(h.sim, h.a, 'POST', '/seed', {
    resourceGroups: ['app-rg'],
    virtualNetworks: [
      { name: 'app-vnet', resourceGroup: 'app-rg', addressPrefixes: ['10.1.0.0/16'], subnets: subnetList },
    ],
    virtualMachines: layout.flatMap(({ spec, vmNames, ips }) =>
      vmNames.map((name, i) => ({
        name,
        resourceGroup: 'app-rg',
        size: spec.size ?? 'Standard_A1_v2',
        osType: 'Linux',
        nic: { vnet: 'app-vnet', subnet: `app-${ips[i].split('.')[2]}`, privateIp: ips[i] },
      })),
    ),
  });
  const target = targetEstate();
  const targetSubnets = subnetList;
  await simAdmin(h.sim, h.b, 'POST', '/seed', {
    ...target,
    virtualNetworks: [
      { name: 'dr-vnet', resourceGroup: 'dr-net', addressPrefixes: ['10.1.0.0/16'], subnets: targetSubnets },
      {
        name: 'test-vnet',
        resourceGroup: 'dr-net',
        addressPrefixes: ['10.1.0.0/16'],
        subnets: targetSubnets,
      },
    ],
  });

  const jobIds: string[] = [];
  const replicated = layout.filter((l) => !l.spec.noReplication);
  await inBatches(
    replicated.flatMap(({ vmNames }) => vmNames),
    o.concurrency ?? 16,
    async (name) => {
      const job = await simAdmin<{ id: string }>(h.sim, h.a, 'POST', '/replication-jobs', {
        sourceVmId: armId(h.a.subscriptionId, 'app-rg', 'Microsoft.Compute/virtualMachines', name),
        targetStamp: 'stamp-b',
        intervalSeconds: o.replicationIntervalSeconds ?? 1,
        targetResourceGroup: 'replica-rg',
        keep: o.keep ?? 5,
      });
      jobIds.push(job.id);
    },
  );

  const site = (name: string, stamp: SimHarness['a']) =>
    api.ok('POST', '/sites', {
      name: `${name}-${suffix()}`,
      armEndpoint: stamp.url,
      location: stamp.location,
      subscriptionId: stamp.subscriptionId,
      tenantId: 'adfs',
      clientId: 'twinsite',
      clientSecret: 'sim-client-secret',
      caCertificate: h.sim.caPem,
    });
  const [a, b] = [await site('stamp-a', h.a), await site('stamp-b', h.b)];
  const sub = (stamp: SimHarness['a'], rg: string, vnet: string, subnet: string) =>
    armId(stamp.subscriptionId, rg, 'Microsoft.Network/virtualNetworks/subnets', vnet, subnet);
  for (const s of subnetList) {
    await api.ok('POST', '/network-mappings', {
      name: `${s.name}-${suffix()}`,
      sourceSiteId: a.id,
      targetSiteId: b.id,
      sourceSubnetId: sub(h.a, 'app-rg', 'app-vnet', s.name),
      targetSubnetId: sub(h.b, 'dr-net', 'dr-vnet', s.name),
      testSubnetId: sub(h.b, 'dr-net', 'test-vnet', s.name),
      ipMode: 'keep',
    });
  }

  const apps = await inBatches(layout, o.concurrency ?? 16, async ({ spec, vmNames, ips }) => {
    const app = await api.ok('POST', '/applications', {
      name: `${spec.name}-${suffix()}`,
      owner: 'site-team@contoso.com',
      tier: spec.tier,
      rpoSeconds: spec.rpoSeconds ?? 300,
      rtoSeconds: spec.rtoSeconds ?? 3600,
      protection: spec.protection ?? 'replication',
      optIn: spec.optIn ?? true,
    });
    const pairIds: string[] = [];
    for (let i = 0; i < vmNames.length; i++) {
      const pair = await api.ok('POST', '/pairs', {
        applicationId: app.id,
        sourceSiteId: a.id,
        targetSiteId: b.id,
        sourceResourceId: armId(
          h.a.subscriptionId,
          'app-rg',
          'Microsoft.Compute/virtualMachines',
          vmNames[i],
        ),
        target: { resourceGroup: `${spec.name}-dr`, vmSize: spec.size ?? 'Standard_A1_v2', staticIp: ips[i] },
        lagSource:
          spec.lagSource === 'agent'
            ? { kind: 'agent' }
            : { kind: 'arm-snapshot', resourceGroup: 'replica-rg' },
      });
      pairIds.push(pair.id);
    }
    let planId: string | null = null;
    let planName: string | null = null;
    if (!spec.noPlan) {
      planName = `${spec.name}-plan-${suffix()}`;
      const plan = await api.ok('POST', '/plans', {
        name: planName,
        applicationId: app.id,
        groups: spec.groups ? spec.groups(pairIds) : [{ name: 'all', pairIds }],
      });
      planId = plan.id;
    }
    return { spec, id: app.id, name: app.name, vmNames, ips, pairIds, planId, planName };
  });
  return { siteA: a.id, siteAName: a.name, siteB: b.id, siteBName: b.name, apps, jobIds };
}

/** Registers `n` at a time; results in input order. */
export const inBatches = <T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> =>
  mapLimit(items, n, (item) => fn(item));

export async function stopReplication(h: SimHarness, jobIds: readonly string[]): Promise<void> {
  await inBatches(jobIds, 16, (id) =>
    simAdmin(h.sim, h.a, 'DELETE', `/replication-jobs/${id}`).catch(() => undefined),
  );
}

/** Polls a site failover until `done` says so. */
export async function waitForSiteFailover(
  api: TwinsiteApi,
  id: string,
  done: (sf: any) => boolean,
  timeoutMs = 90_000,
  what = 'the expected state',
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  for (;;) {
    try {
      const answer = await api.request('GET', `/site-failovers/${id}`);
      if (answer.status === 200) {
        last = answer.body;
        if (done(last)) return last;
      }
    } catch {
      // the controller is restarting
    }
    if (Date.now() > deadline) {
      const runs = (last?.runs ?? [])
        .map((r: any) => `${r.planName}: ${r.state}${r.error ? ` (${r.error.message})` : ''}`)
        .join('\n  ');
      throw new Error(
        `site failover ${id} did not reach ${what} within ${timeoutMs} ms; it is ${last?.state}:\n  ${runs}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const siteIn =
  (...states: string[]) =>
  (sf: any) =>
    states.includes(sf.state);

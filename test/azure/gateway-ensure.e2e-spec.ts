import { ArmOperationError, AzureArmGateway, RecoveryPoint, SiteConnection } from '@twinsite/azure';
import {
  admin,
  estate,
  gateway,
  lastSeq,
  LoggedRequest,
  requestLog,
  SimHarness,
  siteFor,
  startSim,
  SUBNET,
} from './support';

// Every write the gateway makes is an `ensure`: run twice it creates nothing twice, and a
// long-running operation resumed from its persisted state is polled, not sent again.

const TAGS = { 'twinsite-run': 'run-1' };

function writes(log: LoggedRequest[]): string[] {
  return log
    .filter((e) => e.method !== 'GET')
    .map((e) => `${e.method} ${e.path.replace(/^\/subscriptions\/[^/]+/, '')}`);
}

class Crash extends Error {}

describe('ARM gateway: idempotent ensures', () => {
  let h: SimHarness;
  let gw: AzureArmGateway;
  let site: SiteConnection;
  let points: RecoveryPoint[];
  let subnetId: string;
  let nsgId: string;

  beforeAll(async () => {
    h = await startSim();
    gw = gateway();
    site = siteFor(h.sim, h.b);
    await admin(h.sim, h.a, 'POST', '/seed', estate());
    await admin(h.sim, h.b, 'POST', '/seed', {
      resourceGroups: ['dr-net'],
      networkSecurityGroups: [{ name: 'dr-nsg', resourceGroup: 'dr-net', rules: [] }],
      virtualNetworks: [
        {
          name: 'dr-vnet',
          resourceGroup: 'dr-net',
          addressPrefixes: ['10.2.0.0/16'],
          subnets: [{ name: 'web', addressPrefix: '10.2.1.0/24' }],
        },
      ],
    });
    const source = await gw.inventory(siteFor(h.sim, h.a));
    const web = source.vms.find((v) => v.name === 'web-1')!;
    await admin(h.sim, h.a, 'POST', '/replication-jobs', {
      sourceVmId: web.id,
      targetStamp: 'stamp-b',
      intervalSeconds: 3600,
    });
    points = await gw.listRecoveryPoints(site);
    subnetId = SUBNET(h.b, 'dr-net', 'dr-vnet', 'web');
    nsgId = (await gw.inventory(site)).nsgs[0].id;
  });
  afterAll(async () => {
    gw?.onModuleDestroy();
    await h?.stop();
  });
  afterEach(async () => {
    await admin(h.sim, h.b, 'DELETE', '/faults');
  });

  const point = (role: string) => points.find((p) => p.diskRole === role)!;

  it('builds a VM from recovery points, and building it again creates nothing', async () => {
    const build = async () => {
      const rg = await gw.ensureResourceGroup(site, 'dr-app', TAGS);
      const os = await gw.ensureDiskFromSnapshot(site, {
        resourceGroup: 'dr-app',
        name: 'web-1-os',
        snapshotId: point('os').snapshotId,
        osType: 'Linux',
        tags: TAGS,
      });
      const data = await gw.ensureDiskFromSnapshot(site, {
        resourceGroup: 'dr-app',
        name: 'web-1-data-0',
        snapshotId: point('data-0').snapshotId,
        tags: TAGS,
      });
      const ip = await gw.ensurePublicIp(site, { resourceGroup: 'dr-app', name: 'web-1-ip', tags: TAGS });
      const nic = await gw.ensureNic(site, {
        resourceGroup: 'dr-app',
        name: 'web-1-nic',
        subnetId,
        privateIp: '10.2.1.10',
        nsgId,
        publicIpId: ip.id,
        tags: TAGS,
      });
      const vm = await gw.ensureVm(site, {
        resourceGroup: 'dr-app',
        name: 'web-1',
        size: 'Standard_D2_v2',
        osType: 'Linux',
        osDiskId: os.id,
        dataDiskIds: [data.id],
        nicId: nic.id,
        tags: TAGS,
      });
      return { rg, os, data, ip, nic, vm };
    };

    const before = await lastSeq(h.sim, h.b);
    const first = await build();
    expect([first.rg, first.os, first.data, first.ip, first.nic, first.vm].map((r) => r.created)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(first.nic.privateIp).toBe('10.2.1.10');
    expect(first.ip.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const middle = await lastSeq(h.sim, h.b);

    const second = await build();
    expect(
      [second.rg, second.os, second.data, second.ip, second.nic, second.vm].map((r) => r.created),
    ).toEqual([false, false, false, false, false, false]);
    expect(second.vm.id).toBe(first.vm.id);
    expect(second.ip.ipAddress).toBe(first.ip.ipAddress);

    const firstRun = (await requestLog(h.sim, h.b, before)).filter((e) => e.seq <= middle);
    expect(writes(firstRun).filter((w) => !w.startsWith('POST /adfs'))).toEqual([
      'PUT /resourceGroups/dr-app',
      'PUT /resourceGroups/dr-app/providers/Microsoft.Compute/disks/web-1-os',
      'PUT /resourceGroups/dr-app/providers/Microsoft.Compute/disks/web-1-data-0',
      'PUT /resourceGroups/dr-app/providers/Microsoft.Network/publicIPAddresses/web-1-ip',
      'PUT /resourceGroups/dr-app/providers/Microsoft.Network/networkInterfaces/web-1-nic',
      'PUT /resourceGroups/dr-app/providers/Microsoft.Compute/virtualMachines/web-1',
    ]);
    // The second run only looked.
    expect(writes(await requestLog(h.sim, h.b, middle))).toEqual([]);

    const inv = await gw.inventory(site);
    expect(inv.vms).toEqual([
      expect.objectContaining({
        name: 'web-1',
        resourceGroup: 'dr-app',
        powerState: 'running',
        privateIps: ['10.2.1.10'],
        diskIds: [first.os.id, first.data.id],
        tags: TAGS,
      }),
    ]);
    expect(inv.publicIps.filter((p) => p.resourceGroup === 'dr-app')).toHaveLength(1);
  });

  it('changes power state once, however often it is asked', async () => {
    const vmId = (await gw.inventory(site)).vms.find((v) => v.name === 'web-1')!.id;
    const before = await lastSeq(h.sim, h.b);
    await gw.ensureVmStopped(site, vmId, { deallocate: false });
    await gw.ensureVmStopped(site, vmId, { deallocate: false });
    await gw.ensureVmStopped(site, vmId, { deallocate: true });
    await gw.ensureVmStopped(site, vmId, { deallocate: true });
    // Deallocated also satisfies "stopped".
    await gw.ensureVmStopped(site, vmId, { deallocate: false });
    await gw.ensureVmRunning(site, vmId);
    await gw.ensureVmRunning(site, vmId);
    const path = `/resourceGroups/dr-app/providers/Microsoft.Compute/virtualMachines/web-1`;
    expect(writes(await requestLog(h.sim, h.b, before))).toEqual([
      `POST ${path}/powerOff`,
      `POST ${path}/deallocate`,
      `POST ${path}/start`,
    ]);
    expect((await gw.inventory(site)).vms[0].powerState).toBe('running');
  });

  it('refuses to adopt a resource of the same name that is not the one asked for', async () => {
    const error = await gw
      .ensureDiskFromSnapshot(site, {
        resourceGroup: 'dr-app',
        name: 'web-1-os',
        snapshotId: point('data-0').snapshotId,
        tags: TAGS,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArmOperationError);
    expect(error).toMatchObject({ code: 'ResourceConflict', status: 409 });
  });

  it('finds everything a run created by its tag', async () => {
    const found = await gw.findByTag(site, 'twinsite-run', 'run-1');
    expect(found.map((r) => r.type.toLowerCase()).sort()).toEqual(
      [
        'microsoft.compute/disks',
        'microsoft.compute/disks',
        'microsoft.compute/virtualmachines',
        'microsoft.network/networkinterfaces',
        'microsoft.network/publicipaddresses',
        'microsoft.resources/resourcegroups',
      ].sort(),
    );
    expect(await gw.findByTag(site, 'twinsite-run', 'no-such-run')).toEqual([]);
  });

  it('resumes a disk copy from its persisted state by polling, without sending the PUT again', async () => {
    await admin(h.sim, h.b, 'POST', '/faults', { operationLatencyMs: { 'PUT disks': 1500 } });
    const spec = {
      resourceGroup: 'dr-app',
      name: 'resumed-os',
      snapshotId: point('os').snapshotId,
      osType: 'Linux' as const,
      tags: TAGS,
    };
    let saved: string | undefined;
    const before = await lastSeq(h.sim, h.b);

    // The process "dies" right after persisting the operation.
    await expect(
      gw.ensureDiskFromSnapshot(site, spec, {
        onStarted: async (state) => {
          saved = state;
          throw new Crash('controller stopped');
        },
      }),
    ).rejects.toBeInstanceOf(Crash);
    expect(saved).toBeDefined();

    const resumedAt = await lastSeq(h.sim, h.b);
    const resumed = await gw.ensureDiskFromSnapshot(site, spec, { resumeState: saved });
    expect(resumed.created).toBe(true);

    const all = await requestLog(h.sim, h.b, before);
    expect(all.filter((e) => e.method === 'PUT').map((e) => e.path.split('/').pop())).toEqual(['resumed-os']);
    const afterResume = await requestLog(h.sim, h.b, resumedAt);
    expect(afterResume.some((e) => /\/operations\//.test(e.path))).toBe(true);
    expect(afterResume.filter((e) => e.method !== 'GET')).toEqual([]);

    expect((await gw.ensureDiskFromSnapshot(site, spec)).created).toBe(false);
  });

  it('resumes a deallocation the same way', async () => {
    const vmId = (await gw.inventory(site)).vms.find((v) => v.name === 'web-1')!.id;
    await admin(h.sim, h.b, 'POST', '/faults', {
      operationLatencyMs: { 'POST virtualMachines/deallocate': 1500 },
    });
    let saved: string | undefined;
    await expect(
      gw.ensureVmStopped(
        site,
        vmId,
        { deallocate: true },
        {
          onStarted: async (state) => {
            saved = state;
            throw new Crash('controller stopped');
          },
        },
      ),
    ).rejects.toBeInstanceOf(Crash);
    const resumedAt = await lastSeq(h.sim, h.b);
    await gw.ensureVmStopped(site, vmId, { deallocate: true }, { resumeState: saved });
    const log = await requestLog(h.sim, h.b, resumedAt);
    expect(log.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(log.some((e) => /operationResults/i.test(e.path))).toBe(true);
    expect((await gw.inventory(site)).vms.find((v) => v.name === 'web-1')?.powerState).toBe('deallocated');
  });

  it('reports ARM failures with their ARM code, synchronous or at the end of an operation', async () => {
    await admin(h.sim, h.b, 'POST', '/faults', {
      failOperation: [
        {
          method: 'PUT',
          pathContains: '/publicIPAddresses/sync-fail',
          status: 409,
          code: 'PublicIPCountLimitReached',
          times: 1,
        },
        {
          method: 'PUT',
          pathContains: '/publicIPAddresses/async-fail',
          status: 500,
          code: 'InternalOperationError',
          async: true,
        },
      ],
    });
    await expect(
      gw.ensurePublicIp(site, { resourceGroup: 'dr-app', name: 'sync-fail', tags: TAGS }),
    ).rejects.toMatchObject({
      name: 'ArmOperationError',
      code: 'PublicIPCountLimitReached',
      status: 409,
    });
    await expect(
      gw.ensurePublicIp(site, { resourceGroup: 'dr-app', name: 'async-fail', tags: TAGS }),
    ).rejects.toMatchObject({
      name: 'ArmOperationError',
      code: 'InternalOperationError',
    });
  });

  it('survives a connection dropped after the stamp applied a write', async () => {
    await admin(h.sim, h.b, 'POST', '/faults', {
      dropAfterApply: [{ method: 'PUT', pathContains: '/publicIPAddresses/dropped', times: 1 }],
    });
    const before = await lastSeq(h.sim, h.b);
    const ip = await gw.ensurePublicIp(site, { resourceGroup: 'dr-app', name: 'dropped', tags: TAGS });
    expect(ip.ipAddress).toBeDefined();
    const puts = (await requestLog(h.sim, h.b, before)).filter((e) => e.method === 'PUT');
    expect(puts.map((e) => e.outcome ?? 'answered')).toEqual(['dropped', 'answered']);
    expect((await gw.inventory(site)).publicIps.filter((p) => p.name === 'dropped')).toHaveLength(1);
  });

  it('deletes what a run created, and deleting again is a success that deleted nothing', async () => {
    const vmId = (await gw.inventory(site)).vms.find((v) => v.name === 'web-1')!.id;
    expect(await gw.ensureDeleted(site, vmId)).toEqual({ deleted: true });
    expect(await gw.ensureDeleted(site, vmId)).toEqual({ deleted: false });

    const rgId = `/subscriptions/${site.subscriptionId}/resourceGroups/dr-app`;
    expect(await gw.ensureDeleted(site, rgId)).toEqual({ deleted: true });
    expect(await gw.ensureDeleted(site, rgId)).toEqual({ deleted: false });
    expect(await gw.findByTag(site, 'twinsite-run', 'run-1')).toEqual([]);
  });
});

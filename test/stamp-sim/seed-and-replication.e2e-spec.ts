import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  TestSim,
  admin,
  arm,
  computeClient,
  eventually,
  networkClient,
  sleep,
  startTestSim,
  subPath,
  trustCa,
} from './support';

// Seeding an estate from the example YAML file, and the replication jobs that write
// recovery-point snapshots at the other stamp, pausing while the source or link is down.

const EXAMPLE = path.join(__dirname, '../../apps/stamp-sim/seed/example-estate.yaml');

interface Snapshot {
  name: string;
  tags: Record<string, string>;
}

describe('stamp simulator: seeding and replication jobs', () => {
  let t: TestSim;
  let dbVmId: string;
  let jobId: string;

  const replicaSnapshots = async (rg = 'replica-test'): Promise<Snapshot[]> => {
    const res = await arm(
      t.b,
      'GET',
      `${subPath(t.b)}/resourceGroups/${rg}/providers/Microsoft.Compute/snapshots?api-version=2019-07-01`,
    );
    return res.status === 200 ? res.body.value : [];
  };
  const newestPoint = async () =>
    (await replicaSnapshots())
      .map((s) => s.tags['twinsite-recovery-point'])
      .sort()
      .pop();
  const job = async () => (await admin(t.a, 'GET', `/replication-jobs/${jobId}`)).body;

  beforeAll(async () => {
    t = await startTestSim();
    trustCa(t.sim.caPem);
  });
  afterAll(() => t.stop());

  it('seeds both stamps from the example YAML estate', async () => {
    const yaml = fs.readFileSync(EXAMPLE, 'utf8');
    const a = await admin(t.a, 'POST', '/seed', yaml, 'application/yaml');
    expect(a.status).toBe(200);
    expect(a.body.created).toMatchObject({
      virtualMachines: 6,
      virtualNetworks: 1,
      networkSecurityGroups: 3,
      loadBalancers: 1,
    });
    const b = await admin(t.b, 'POST', '/seed', yaml, 'application/yaml');
    expect(b.status).toBe(200);
    expect(b.body.created).toMatchObject({ virtualNetworks: 2 });

    const compute = computeClient(t, t.a);
    const db = await compute.virtualMachines.get('shop-prod', 'shop-db-01', { expand: 'instanceView' });
    dbVmId = db.id!;
    expect(db.hardwareProfile?.vmSize).toBe('Standard_DS3_v2');
    expect(db.storageProfile?.dataDisks).toHaveLength(2);
    expect(db.instanceView?.statuses?.map((s) => s.code)).toContain('PowerState/running');
    const nic = await networkClient(t, t.a).networkInterfaces.get('shop-prod', 'shop-db-01-nic');
    expect(nic.ipConfigurations?.[0]).toMatchObject({
      privateIPAddress: '10.10.3.10',
      privateIPAllocationMethod: 'Static',
    });
    const lb = await networkClient(t, t.a).loadBalancers.get('shop-net', 'shop-lb');
    expect(lb.backendAddressPools?.[0].backendIPConfigurations).toHaveLength(2);

    const networkB = networkClient(t, t.b);
    const dr = await networkB.virtualNetworks.get('dr-net', 'dr-vnet');
    expect(dr.subnets?.map((s) => s.name)).toEqual(['web', 'app', 'db', 'mgmt']);
    const test = await networkB.virtualNetworks.get('twinsite-test', 'test-vnet');
    expect(test.subnets?.every((s) => s.networkSecurityGroup?.id?.endsWith('/isolated-nsg'))).toBe(true);
    // The example's own jobs replicated each VM once already.
    expect((await replicaSnapshots('twinsite-replica')).length).toBe(10);
  });

  it('reports what is wrong with a bad seed', async () => {
    const bad = await admin(t.a, 'POST', '/seed', {
      virtualMachines: [
        { name: 'x', resourceGroup: 'shop-prod', nic: { vnet: 'no-such-vnet', subnet: 'web' } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'InvalidSeed', target: 'virtualMachines[0].nics[0]' });
    const conflict = await admin(t.a, 'POST', '/seed', {
      virtualMachines: [
        {
          name: 'dup',
          resourceGroup: 'shop-prod',
          nic: { vnet: 'shop-net/prod-vnet', subnet: 'db', privateIp: '10.10.3.10' },
        },
      ],
    });
    expect(conflict.status).toBe(400);
    expect(conflict.body.error.code).toBe('PrivateIPAddressInUse');
  });

  it('writes tagged recovery-point snapshots of every disk at the other stamp', async () => {
    const created = await admin(t.a, 'POST', '/replication-jobs', {
      sourceVmId: dbVmId,
      targetStamp: 'stamp-b',
      intervalSeconds: 1,
      targetResourceGroup: 'replica-test',
      keep: 2,
    });
    expect(created.status).toBe(201);
    jobId = created.body.id;
    const snapshots = await replicaSnapshots();
    expect(snapshots).toHaveLength(3);
    const roles = snapshots.map((s) => s.tags['twinsite-disk-role']).sort();
    expect(roles).toEqual(['data-0', 'data-1', 'os']);
    for (const s of snapshots) {
      expect(s.tags['twinsite-source-resource']).toBe(dbVmId.toLowerCase());
      expect(s.tags['twinsite-source-disk']).toMatch(
        /^\/subscriptions\/.+\/providers\/microsoft\.compute\/disks\/shop-db-01-/,
      );
      expect(Date.parse(s.tags['twinsite-recovery-point'])).not.toBeNaN();
    }
    // What an arm-snapshot lag source can ask ARM: the snapshots tagged with its VM.
    const filter = encodeURIComponent(
      `tagName eq 'twinsite-source-resource' and tagValue eq '${dbVmId.toLowerCase()}'`,
    );
    const byTag = await arm(
      t.b,
      'GET',
      `${subPath(t.b)}/resourceGroups/replica-test/resources?api-version=2019-10-01&$filter=${filter}`,
    );
    expect(byTag.status).toBe(200);
    expect(byTag.body.value).toHaveLength(3);
    expect(byTag.body.value[0].type).toBe('Microsoft.Compute/snapshots');
    const first = await newestPoint();
    const advanced = await eventually(async () => {
      const point = await newestPoint();
      return point && point > first! ? point : undefined;
    });
    expect(advanced > first!).toBe(true);
    // Older recovery points beyond `keep` are deleted.
    await eventually(async () => ((await job()).runs >= 3 ? true : undefined));
    const perDisk = new Map<string, number>();
    for (const s of await replicaSnapshots()) {
      perDisk.set(s.tags['twinsite-source-disk'], (perDisk.get(s.tags['twinsite-source-disk']) ?? 0) + 1);
    }
    expect([...perDisk.values()].every((n) => n <= 2)).toBe(true);
  });

  it('writes nothing while the link is down, and resumes afterwards', async () => {
    await admin(t.a, 'POST', '/faults', { linkDown: true });
    await sleep(1100);
    const frozen = await newestPoint();
    await sleep(1500);
    expect(await newestPoint()).toBe(frozen);
    expect((await job()).lastSkipReason).toBe('link-down');
    await admin(t.a, 'DELETE', '/faults');
    const resumed = await eventually(async () => {
      const point = await newestPoint();
      return point && point > frozen! ? point : undefined;
    });
    expect(resumed > frozen!).toBe(true);
  });

  it('writes nothing while the source stamp is down', async () => {
    await admin(t.a, 'POST', '/faults', { down: 'refuse' });
    await sleep(1100);
    const frozen = await newestPoint();
    await sleep(1500);
    expect(await newestPoint()).toBe(frozen);
    expect((await job()).lastSkipReason).toBe('source-down');
    await admin(t.a, 'DELETE', '/faults');
  });

  it("stamps recovery points with the target stamp's (skewed) clock", async () => {
    await admin(t.b, 'POST', '/faults', { clockSkewSeconds: -600 });
    const run = await admin(t.a, 'POST', `/replication-jobs/${jobId}/run`);
    expect(run.status).toBe(200);
    expect(Date.now() - Date.parse(run.body.recoveryPoint)).toBeGreaterThan(590_000);
    await admin(t.b, 'DELETE', '/faults');
  });

  it('stops writing once the job is deleted', async () => {
    const listed = await admin(t.b, 'GET', '/replication-jobs');
    expect(listed.body.jobs.map((j: { id: string }) => j.id)).toContain(jobId);
    expect((await admin(t.a, 'DELETE', `/replication-jobs/${jobId}`)).status).toBe(204);
    await sleep(50);
    const last = await newestPoint();
    await sleep(1300);
    expect(await newestPoint()).toBe(last);
    expect((await admin(t.a, 'GET', `/replication-jobs/${jobId}`)).status).toBe(404);
  });

  it('refuses replication jobs for unknown VMs or stamps', async () => {
    expect(
      (await admin(t.a, 'POST', '/replication-jobs', { sourceVmId: `${dbVmId}-x`, targetStamp: 'stamp-b' }))
        .status,
    ).toBe(404);
    expect(
      (await admin(t.a, 'POST', '/replication-jobs', { sourceVmId: dbVmId, targetStamp: 'stamp-z' })).status,
    ).toBe(400);
  });
});

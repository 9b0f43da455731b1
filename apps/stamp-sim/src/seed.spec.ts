import { DEFAULT_VM_SIZES } from './defaults';
import { noFaults } from './faults';
import { ReplicationJobs, TAG_DISK_ROLE, TAG_RECOVERY_POINT } from './replication-jobs';
import { DISK, SNAPSHOT, VM } from './routes/compute-disks';
import { NIC } from './routes/network-refs';
import { SeedError, parseSeedDocument, sectionFor, seedStamp } from './seed';
import { Stamp } from './stamp';

function stamp(name: string, location: string, pool: string): Stamp {
  return new Stamp({
    name,
    location,
    subscriptionId: `${name}-sub`,
    vmSizes: DEFAULT_VM_SIZES[0],
    publicIpPool: pool,
    defaultLatencyMs: 0,
  });
}

const ESTATE = `
stamps:
  a:
    virtualNetworks:
      - name: net
        resourceGroup: net-rg
        addressPrefixes: [10.0.0.0/16]
        subnets: [{ name: web, addressPrefix: 10.0.1.0/24 }]
    virtualMachines:
      - name: web-1
        resourceGroup: app
        size: Standard_A2_v2
        dataDisks: [{ lun: 0, sizeGB: 10 }]
        nic: { vnet: net, subnet: web, privateIp: 10.0.1.10 }
        powerState: deallocated
  b:
    resourceGroups: [dr]
`;

describe('seed', () => {
  it('picks the section of a multi-stamp document for each stamp', () => {
    const doc = parseSeedDocument(ESTATE);
    expect(sectionFor(doc, 'A')).toHaveProperty('virtualMachines');
    expect(sectionFor(doc, 'c')).toBeUndefined();
    expect(sectionFor({ resourceGroups: ['x'] }, 'any')).toEqual({ resourceGroups: ['x'] });
  });

  it('builds VMs with their disks and NICs, attached, in the requested power state', () => {
    const a = stamp('a', 'east', '192.0.2.0/24');
    const summary = seedStamp(a, sectionFor(parseSeedDocument(ESTATE), 'a')!);
    expect(summary.created).toMatchObject({ virtualMachines: 1, disks: 2, networkInterfaces: 1 });
    const [vm] = a.state.list(VM);
    expect(vm.internal.power).toBe('deallocated');
    expect(a.state.list(DISK).every((d) => d.managedBy === vm.id)).toBe(true);
    expect(a.state.list(NIC)[0].internal.vmId).toBe(vm.id);
  });

  it('refuses an estate that ARM would refuse, saying where', () => {
    const a = stamp('a', 'east', '192.0.2.0/24');
    seedStamp(a, sectionFor(parseSeedDocument(ESTATE), 'a')!);
    const again = {
      virtualMachines: [
        { name: 'web-2', resourceGroup: 'app', nic: { vnet: 'net', subnet: 'web', privateIp: '10.0.1.10' } },
      ],
    };
    expect(() => seedStamp(a, again)).toThrow(SeedError);
    try {
      seedStamp(a, again);
    } catch (error) {
      expect((error as SeedError).code).toBe('PrivateIPAddressInUse');
      expect((error as SeedError).where).toBe('virtualMachines[0].nics[0]');
    }
  });
});

describe('ReplicationJobs', () => {
  const a = stamp('a', 'east', '192.0.2.0/24');
  const b = stamp('b', 'west', '198.51.100.0/24');
  const jobs = new ReplicationJobs({ stamp: (name) => [a, b].find((s) => s.name === name) });
  afterAll(() => jobs.stopAll());

  it('writes one tagged snapshot per disk at the target and keeps the newest `keep` points', async () => {
    seedStamp(a, sectionFor(parseSeedDocument(ESTATE), 'a')!);
    const vm = a.state.list(VM)[0];
    const job = jobs.create(a, { sourceVmId: vm.id, targetStamp: 'b', intervalSeconds: 3600, keep: 2 });
    expect(
      b.state
        .list(SNAPSHOT)
        .map((s) => s.tags[TAG_DISK_ROLE])
        .sort(),
    ).toEqual(['data-0', 'os']);
    await new Promise((r) => setTimeout(r, 5));
    jobs.run(job.id);
    await new Promise((r) => setTimeout(r, 5));
    jobs.run(job.id);
    const snapshots = b.state.list(SNAPSHOT, 'twinsite-replica');
    expect(snapshots).toHaveLength(4);
    const points = new Set(snapshots.map((s) => s.tags[TAG_RECOVERY_POINT]));
    expect(points.size).toBe(2);
    expect(jobs.get(job.id)?.runs).toBe(3);
  });

  it('skips while the link or the source stamp is down', async () => {
    const vm = a.state.list(VM)[0];
    const job = jobs.create(a, {
      sourceVmId: vm.id,
      targetStamp: 'b',
      intervalSeconds: 3600,
      targetResourceGroup: 'other',
    });
    await a.setFaults({ ...noFaults(), linkDown: true });
    expect(jobs.run(job.id)).toEqual({ skipped: 'link-down' });
    await a.setFaults({ ...noFaults(), down: 'hang' });
    expect(jobs.run(job.id)).toEqual({ skipped: 'source-down' });
    await a.setFaults(noFaults());
    expect(jobs.run(job.id)).toHaveProperty('written');
  });
});

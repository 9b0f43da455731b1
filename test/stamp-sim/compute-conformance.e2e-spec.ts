import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import {
  TestSim,
  admin,
  computeClient,
  createResourceGroup,
  networkClient,
  poll,
  startTestSim,
  trustCa,
} from './support';

// Microsoft.Compute as the real @azure/arm-compute client sees it, pinned to the
// 2020-09-01-hybrid api-versions by a pipeline policy (as the Twinsite gateway does).

const RG = 'conf-compute';

async function rejection(
  promise: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode?: number; code?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

function powerState(statuses: Array<{ code?: string }> | undefined): string | undefined {
  return statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
}

describe('stamp simulator: Microsoft.Compute through @azure/arm-compute', () => {
  let t: TestSim;
  let compute: ComputeManagementClient;
  let network: NetworkManagementClient;
  let subnetId: string;
  let nicCounter = 0;

  async function newNic(): Promise<string> {
    const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      `nic-${++nicCounter}`,
      { location: 'east', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnetId } }] },
      poll,
    );
    return nic.id!;
  }

  async function newOsDisk(name: string): Promise<string> {
    const disk = await compute.disks.beginCreateOrUpdateAndWait(
      RG,
      name,
      {
        location: 'east',
        sku: { name: 'Standard_LRS' },
        osType: 'Linux',
        diskSizeGB: 30,
        creationData: {
          createOption: 'FromImage',
          imageReference: {
            id: '/Subscriptions/x/Providers/Microsoft.Compute/Locations/east/Publishers/Canonical/ArtifactTypes/VMImage/Offers/UbuntuServer/Skus/18.04-LTS/Versions/latest',
          },
        },
      },
      poll,
    );
    return disk.id!;
  }

  beforeAll(async () => {
    t = await startTestSim();
    trustCa(t.sim.caPem);
    compute = computeClient(t, t.a);
    network = networkClient(t, t.a);
    await createResourceGroup(t.a, RG);
    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      {
        location: 'east',
        addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }],
      },
      poll,
    );
    subnetId = vnet.subnets![0].id!;
  });
  afterAll(() => t.stop());

  it("refuses the SDK's default api-versions, as a stamp does", async () => {
    const unpinned = computeClient(t, t.a, { hybrid: false });
    const vms = await rejection(unpinned.virtualMachines.list(RG).next());
    expect(vms.statusCode).toBe(400);
    expect(vms.code).toBe('NoRegisteredProviderFound');
    expect(vms.message).toContain(
      "The supported api-versions are '2015-06-15, 2016-03-30, 2016-04-30-preview, 2017-03-30, 2017-12-01, 2020-06-01'",
    );
    const disks = await rejection(unpinned.disks.listByResourceGroup(RG).next());
    expect(disks.code).toBe('NoRegisteredProviderFound');
    expect(disks.message).toContain("for type 'disks'");
  });

  it('creates, reads, lists and deletes disks; refuses SKUs and zones a stamp lacks', async () => {
    const disk = await compute.disks.beginCreateOrUpdateAndWait(
      RG,
      'data-1',
      {
        location: 'east',
        sku: { name: 'Premium_LRS' },
        diskSizeGB: 64,
        creationData: { createOption: 'Empty' },
      },
      poll,
    );
    expect(disk).toMatchObject({
      name: 'data-1',
      provisioningState: 'Succeeded',
      diskSizeGB: 64,
      diskState: 'Unattached',
    });
    expect(disk.sku?.name).toBe('Premium_LRS');
    expect((await compute.disks.get(RG, 'DATA-1')).id).toBe(disk.id);
    const inRg = [];
    for await (const d of compute.disks.listByResourceGroup(RG)) inRg.push(d.name);
    expect(inRg).toContain('data-1');
    const all = [];
    for await (const d of compute.disks.list()) all.push(d.name);
    expect(all).toContain('data-1');

    const ssd = await rejection(
      compute.disks.beginCreateOrUpdateAndWait(
        RG,
        'ssd',
        {
          location: 'east',
          sku: { name: 'StandardSSD_LRS' },
          diskSizeGB: 8,
          creationData: { createOption: 'Empty' },
        },
        poll,
      ),
    );
    expect(ssd.statusCode).toBe(400);
    expect(ssd.code).toBe('InvalidParameter');
    expect(ssd.message).toContain('StandardSSD_LRS');
    const zrs = await rejection(
      compute.disks.beginCreateOrUpdateAndWait(
        RG,
        'zrs',
        {
          location: 'east',
          sku: { name: 'Premium_ZRS' },
          diskSizeGB: 8,
          creationData: { createOption: 'Empty' },
        },
        poll,
      ),
    );
    expect(zrs.code).toBe('InvalidParameter');
    const zoned = await rejection(
      compute.disks.beginCreateOrUpdateAndWait(
        RG,
        'zoned',
        { location: 'east', zones: ['1'], diskSizeGB: 8, creationData: { createOption: 'Empty' } },
        poll,
      ),
    );
    expect(zoned.statusCode).toBe(400);
    expect(zoned.code).toBe('LocationNotSupportAvailabilityZones');

    await compute.disks.beginDeleteAndWait(RG, 'data-1', poll);
    expect((await rejection(compute.disks.get(RG, 'data-1'))).statusCode).toBe(404);
  });

  it('takes snapshots of disks and of snapshots, makes disks from them, refuses incremental ones', async () => {
    const os = await newOsDisk('snap-src');
    const snap = await compute.snapshots.beginCreateOrUpdateAndWait(
      RG,
      'snap-1',
      { location: 'east', creationData: { createOption: 'Copy', sourceResourceId: os } },
      poll,
    );
    expect(snap).toMatchObject({
      provisioningState: 'Succeeded',
      diskSizeGB: 30,
      osType: 'Linux',
      incremental: false,
    });
    expect(snap.creationData?.sourceResourceId).toBe(os);
    const copy = await compute.snapshots.beginCreateOrUpdateAndWait(
      RG,
      'snap-2',
      { location: 'east', creationData: { createOption: 'Copy', sourceResourceId: snap.id } },
      poll,
    );
    expect(copy.creationData?.sourceResourceId).toBe(snap.id);
    expect((await compute.snapshots.get(RG, 'SNAP-1')).id).toBe(snap.id);
    const names = [];
    for await (const s of compute.snapshots.listByResourceGroup(RG)) names.push(s.name);
    expect(names.sort()).toEqual(['snap-1', 'snap-2']);
    const everywhere = [];
    for await (const s of compute.snapshots.list()) everywhere.push(s.name);
    expect(everywhere).toEqual(expect.arrayContaining(['snap-1', 'snap-2']));

    const restored = await compute.disks.beginCreateOrUpdateAndWait(
      RG,
      'restored-os',
      { location: 'east', creationData: { createOption: 'Copy', sourceResourceId: copy.id } },
      poll,
    );
    expect(restored).toMatchObject({ osType: 'Linux', diskSizeGB: 30 });
    expect(restored.creationData?.sourceResourceId).toBe(copy.id);

    const incremental = await rejection(
      compute.snapshots.beginCreateOrUpdateAndWait(
        RG,
        'inc',
        { location: 'east', incremental: true, creationData: { createOption: 'Copy', sourceResourceId: os } },
        poll,
      ),
    );
    expect(incremental.statusCode).toBe(400);
    expect(incremental.code).toBe('InvalidParameter');
    const missingSource = await rejection(
      compute.snapshots.beginCreateOrUpdateAndWait(
        RG,
        'orphan',
        { location: 'east', creationData: { createOption: 'Copy', sourceResourceId: `${os}-nope` } },
        poll,
      ),
    );
    expect(missingSource.statusCode).toBe(400);
    expect(missingSource.code).toBe('NotFound');

    await compute.snapshots.beginDeleteAndWait(RG, 'snap-2', poll);
    expect((await rejection(compute.snapshots.get(RG, 'snap-2'))).statusCode).toBe(404);
  });

  it('grants and revokes SAS access to a disk (202 + Location polling)', async () => {
    await compute.disks.beginCreateOrUpdateAndWait(
      RG,
      'export-me',
      { location: 'east', diskSizeGB: 16, creationData: { createOption: 'Empty' } },
      poll,
    );
    const access = await compute.disks.beginGrantAccessAndWait(
      RG,
      'export-me',
      { access: 'Read', durationInSeconds: 3600 },
      poll,
    );
    expect(access.accessSAS).toMatch(/^https:\/\/.+\?sv=.+&sig=.+/);
    expect((await compute.disks.get(RG, 'export-me')).diskState).toBe('ActiveSAS');
    await compute.disks.beginRevokeAccessAndWait(RG, 'export-me', poll);
    expect((await compute.disks.get(RG, 'export-me')).diskState).toBe('Unattached');
  });

  it('creates VMs from existing disks and from images, reads them with instanceView, lists them', async () => {
    const nic = await newNic();
    const osDisk = await newOsDisk('vm1-os');
    const vm = await compute.virtualMachines.beginCreateOrUpdateAndWait(
      RG,
      'vm1',
      {
        location: 'east',
        tags: { app: 'shop' },
        hardwareProfile: { vmSize: 'Standard_DS2_v2' },
        storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: osDisk } } },
        networkProfile: { networkInterfaces: [{ id: nic, primary: true }] },
      },
      poll,
    );
    expect(vm).toMatchObject({ name: 'vm1', provisioningState: 'Succeeded', tags: { app: 'shop' } });
    expect(vm.vmId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.storageProfile?.osDisk?.managedDisk?.id).toBe(osDisk);
    expect((await compute.disks.get(RG, 'vm1-os')).managedBy).toBe(vm.id);
    const nicView = await network.networkInterfaces.get(RG, 'nic-1');
    expect(nicView.virtualMachine?.id).toBe(vm.id);

    const withView = await compute.virtualMachines.get(RG, 'vm1', { expand: 'instanceView' });
    expect(powerState(withView.instanceView?.statuses)).toBe('PowerState/running');
    const view = await compute.virtualMachines.instanceView(RG, 'vm1');
    expect(view.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);

    const vm2 = await compute.virtualMachines.beginCreateOrUpdateAndWait(
      RG,
      'vm2',
      {
        location: 'east',
        hardwareProfile: { vmSize: 'Standard_A2_v2' },
        storageProfile: {
          imageReference: {
            publisher: 'MicrosoftWindowsServer',
            offer: 'WindowsServer',
            sku: '2019-Datacenter',
            version: 'latest',
          },
          osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } },
          dataDisks: [{ lun: 0, createOption: 'Empty', diskSizeGB: 100 }],
        },
        osProfile: { computerName: 'vm2', adminUsername: 'twinsite', adminPassword: 'S3cret!S3cret!' },
        networkProfile: { networkInterfaces: [{ id: await newNic() }] },
      },
      poll,
    );
    expect(vm2.storageProfile?.osDisk?.osType).toBe('Windows');
    expect(vm2.storageProfile?.dataDisks?.[0]).toMatchObject({ lun: 0, diskSizeGB: 100 });
    expect(vm2.osProfile?.adminPassword).toBeUndefined();
    const implicitOs = await compute.disks.get(RG, vm2.storageProfile!.osDisk!.name!);
    expect(implicitOs).toMatchObject({ managedBy: vm2.id, diskState: 'Attached' });
    expect(implicitOs.sku?.name).toBe('Premium_LRS');

    const inRg = [];
    for await (const v of compute.virtualMachines.list(RG)) inRg.push(v.name);
    expect(inRg.sort()).toEqual(['vm1', 'vm2']);
    const all = [];
    for await (const v of compute.virtualMachines.listAll()) all.push(v.name);
    expect(all).toEqual(expect.arrayContaining(['vm1', 'vm2']));
  });

  it('updates a VM in place: PUT on an existing VM answers 200 and keeps its disks and NIC', async () => {
    const vm = await compute.virtualMachines.get(RG, 'vm2');
    const since = (await admin(t.a, 'GET', '/requests')).body.lastSeq;
    const updated = await compute.virtualMachines.beginCreateOrUpdateAndWait(
      RG,
      'vm2',
      { ...vm, tags: { tier: 'app' }, hardwareProfile: { vmSize: 'Standard_A4_v2' } },
      poll,
    );
    expect(updated).toMatchObject({ provisioningState: 'Succeeded', tags: { tier: 'app' }, vmId: vm.vmId });
    expect(updated.hardwareProfile?.vmSize).toBe('Standard_A4_v2');
    expect(updated.storageProfile?.osDisk?.managedDisk?.id).toBe(vm.storageProfile?.osDisk?.managedDisk?.id);
    expect(updated.storageProfile?.dataDisks?.map((d) => d.managedDisk?.id)).toEqual(
      vm.storageProfile?.dataDisks?.map((d) => d.managedDisk?.id),
    );
    const log = (await admin(t.a, 'GET', `/requests?since=${since}`)).body.requests as Array<{
      method: string;
      path: string;
      status: number;
    }>;
    expect(log.find((r) => r.method === 'PUT' && r.path.endsWith('/virtualMachines/vm2'))?.status).toBe(200);
  });

  it('powers VMs off, deallocates and starts them, and counts cores only while allocated', async () => {
    const cores = async () => {
      for await (const u of compute.usageOperations.list('east')) if (u.name.value === 'cores') return u;
      throw new Error('no cores usage');
    };
    const before = await cores();
    expect(before.limit).toBe(100);
    await compute.virtualMachines.beginPowerOffAndWait(RG, 'vm1', poll);
    expect(powerState((await compute.virtualMachines.instanceView(RG, 'vm1')).statuses)).toBe(
      'PowerState/stopped',
    );
    expect((await cores()).currentValue).toBe(before.currentValue);
    await compute.virtualMachines.beginDeallocateAndWait(RG, 'vm1', poll);
    expect(powerState((await compute.virtualMachines.instanceView(RG, 'vm1')).statuses)).toBe(
      'PowerState/deallocated',
    );
    expect((await cores()).currentValue).toBe(before.currentValue - 2);
    await compute.virtualMachines.beginStartAndWait(RG, 'vm1', poll);
    expect(powerState((await compute.virtualMachines.instanceView(RG, 'vm1')).statuses)).toBe(
      'PowerState/running',
    );
    expect((await cores()).currentValue).toBe(before.currentValue);
  });

  it('offers different VM sizes per stamp and refuses a size the stamp lacks', async () => {
    const sizes = async (client: ComputeManagementClient, location: string) => {
      const out: string[] = [];
      for await (const s of client.virtualMachineSizes.list(location)) out.push(s.name!);
      return out;
    };
    const a = await sizes(compute, 'east');
    const b = await sizes(computeClient(t, t.b), 'west');
    expect(a).toContain('Standard_DS4_v2');
    expect(b).not.toContain('Standard_DS4_v2');
    expect(b).toContain('Standard_F8s_v2');
    const refused = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'too-new',
        {
          location: 'east',
          hardwareProfile: { vmSize: 'Standard_D2s_v5' },
          storageProfile: {
            osDisk: {
              createOption: 'Attach',
              osType: 'Linux',
              managedDisk: { id: await newOsDisk('too-new-os') },
            },
          },
          networkProfile: { networkInterfaces: [{ id: await newNic() }] },
        },
        poll,
      ),
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.code).toBe('SkuNotAvailable');
  });

  it('enforces the cores quota the admin API sets', async () => {
    await admin(t.a, 'PUT', '/quota', { cores: 4 });
    const refused = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'over-quota',
        {
          location: 'east',
          hardwareProfile: { vmSize: 'Standard_DS3_v2' },
          storageProfile: {
            osDisk: {
              createOption: 'Attach',
              osType: 'Linux',
              managedDisk: { id: await newOsDisk('over-quota-os') },
            },
          },
          networkProfile: { networkInterfaces: [{ id: await newNic() }] },
        },
        poll,
      ),
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.code).toBe('OperationNotAllowed');
    expect(refused.message).toContain('Total Regional Cores quota');
    await admin(t.a, 'PUT', '/quota', { cores: 100 });
  });

  it('keeps referential integrity: VMs need NICs and an OS disk, attached ones cannot be deleted', async () => {
    const osDisk = await newOsDisk('ref-os');
    const missingNic = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'no-nic',
        {
          location: 'east',
          hardwareProfile: { vmSize: 'Standard_A1_v2' },
          storageProfile: {
            osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: osDisk } },
          },
          networkProfile: {
            networkInterfaces: [{ id: subnetId.replace(/virtualNetworks.*/, 'networkInterfaces/ghost') }],
          },
        },
        poll,
      ),
    );
    expect(missingNic.statusCode).toBe(400);
    expect(missingNic.code).toBe('NotFound');
    const noOsDisk = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'no-disk',
        {
          location: 'east',
          hardwareProfile: { vmSize: 'Standard_A1_v2' },
          networkProfile: { networkInterfaces: [{ id: await newNic() }] },
        },
        poll,
      ),
    );
    expect(noOsDisk.statusCode).toBe(400);
    expect(noOsDisk.code).toBe('InvalidParameter');
    const ghostDisk = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'ghost-disk',
        {
          location: 'east',
          hardwareProfile: { vmSize: 'Standard_A1_v2' },
          storageProfile: {
            osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: `${osDisk}-ghost` } },
          },
          networkProfile: { networkInterfaces: [{ id: await newNic() }] },
        },
        poll,
      ),
    );
    expect(ghostDisk.statusCode).toBe(400);
    expect(ghostDisk.code).toBe('NotFound');

    const attached = await rejection(compute.disks.beginDeleteAndWait(RG, 'vm1-os', poll));
    expect(attached.statusCode).toBe(409);
    expect(attached.code).toBe('OperationNotAllowed');
    const nicInUse = await rejection(network.networkInterfaces.beginDeleteAndWait(RG, 'nic-1', poll));
    expect(nicInUse.statusCode).toBe(400);
    expect(nicInUse.code).toBe('NicInUse');
    const stolen = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'thief',
        {
          location: 'east',
          hardwareProfile: { vmSize: 'Standard_A1_v2' },
          storageProfile: {
            osDisk: {
              createOption: 'Attach',
              osType: 'Linux',
              managedDisk: { id: (await compute.disks.get(RG, 'vm1-os')).id },
            },
          },
          networkProfile: { networkInterfaces: [{ id: await newNic() }] },
        },
        poll,
      ),
    );
    expect(stolen.statusCode).toBe(409);

    const unknown = await rejection(compute.virtualMachines.get(RG, 'nobody'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.code).toBe('ResourceNotFound');
    const noGroup = await rejection(compute.virtualMachines.get('no-such-rg', 'vm1'));
    expect(noGroup.statusCode).toBe(404);
    expect(noGroup.code).toBe('ResourceGroupNotFound');
  });

  it('deletes a VM and releases its disks and NICs', async () => {
    await compute.virtualMachines.beginDeleteAndWait(RG, 'vm1', poll);
    expect((await rejection(compute.virtualMachines.get(RG, 'vm1'))).statusCode).toBe(404);
    const disk = await compute.disks.get(RG, 'vm1-os');
    expect(disk.managedBy).toBeUndefined();
    expect(disk.diskState).toBe('Unattached');
    await compute.disks.beginDeleteAndWait(RG, 'vm1-os', poll);
    await network.networkInterfaces.beginDeleteAndWait(RG, 'nic-1', poll);
    expect((await rejection(network.networkInterfaces.get(RG, 'nic-1'))).statusCode).toBe(404);
  });

  it('lets the SDK poll both LRO styles through InProgress when operations take time', async () => {
    await admin(t.a, 'POST', '/faults', {
      operationLatencyMs: { 'PUT disks': 200, 'POST virtualMachines/powerOff': 200 },
    });
    const since = (await admin(t.a, 'GET', '/requests')).body.lastSeq;
    const started = Date.now();
    const disk = await compute.disks.beginCreateOrUpdateAndWait(
      RG,
      'slow-disk',
      { location: 'east', diskSizeGB: 8, creationData: { createOption: 'Empty' } },
      poll,
    );
    expect(disk.provisioningState).toBe('Succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await compute.virtualMachines.beginPowerOffAndWait(RG, 'vm2', poll);
    expect(powerState((await compute.virtualMachines.instanceView(RG, 'vm2')).statuses)).toBe(
      'PowerState/stopped',
    );
    const log = (await admin(t.a, 'GET', `/requests?since=${since}`)).body.requests as Array<{
      path: string;
      status: number;
    }>;
    const asyncPolls = log.filter((r) => /\/operations\//.test(r.path));
    const locationPolls = log.filter((r) => /\/operationResults\//.test(r.path));
    expect(asyncPolls.length).toBeGreaterThanOrEqual(2);
    expect(locationPolls.map((r) => r.status)).toContain(202);
    expect(locationPolls[locationPolls.length - 1].status).toBe(204);
    await admin(t.a, 'DELETE', '/faults');
  });

  it('refuses zones on VMs', async () => {
    const zoned = await rejection(
      compute.virtualMachines.beginCreateOrUpdateAndWait(
        RG,
        'zonal',
        {
          location: 'east',
          zones: ['1'],
          hardwareProfile: { vmSize: 'Standard_A1_v2' },
          storageProfile: {
            osDisk: {
              createOption: 'Attach',
              osType: 'Linux',
              managedDisk: { id: await newOsDisk('zonal-os') },
            },
          },
          networkProfile: { networkInterfaces: [{ id: await newNic() }] },
        },
        poll,
      ),
    );
    expect(zoned.statusCode).toBe(400);
    expect(zoned.code).toBe('LocationNotSupportAvailabilityZones');
  });
});

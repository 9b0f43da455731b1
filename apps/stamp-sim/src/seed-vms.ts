import { ArmError } from './arm-errors';
import { resourceId } from './resource-ids';
import { VM, diskKind } from './routes/compute-disks';
import { virtualMachineKind } from './routes/compute-vms';
import { networkInterfaceKind } from './routes/network-nics';
import { LB, NSG, PIP, VNET } from './routes/network-refs';
import { applyPut, markProvisioned } from './routes/resource-crud';
import { SeedError, ensureGroup, put, resolve } from './seed-refs';
import { Stamp } from './stamp';
import { Json } from './stamp-state';

// A seeded VM comes with its own disks (`<vm>-osdisk`, `<vm>-data-<lun>`) and NICs
// (`<vm>-nic`), all attached, in the power state the seed asks for.

const IMAGES: Record<string, Json> = {
  linux: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '18.04-LTS', version: 'latest' },
  windows: {
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2019-Datacenter',
    version: 'latest',
  },
};

export function seedVm(stamp: Stamp, raw: Json, where: string, counts: Record<string, number>): void {
  const rg = ensureGroup(stamp, raw.resourceGroup, where);
  const name = raw.name;
  if (typeof name !== 'string' || !name) throw new SeedError('name is required', 'InvalidSeed', where);
  const osType = String(raw.osType ?? 'Linux');
  const storageAccountType = raw.storageAccountType ?? 'Standard_LRS';
  const image = raw.imageReference ?? IMAGES[osType.toLowerCase()] ?? IMAGES.linux;
  const osDisk = put(
    stamp,
    diskKind,
    rg,
    `${name}-osdisk`,
    {
      sku: { name: storageAccountType },
      properties: {
        osType: osType.toLowerCase() === 'windows' ? 'Windows' : 'Linux',
        diskSizeGB: raw.osDiskSizeGB ?? 64,
        creationData: { createOption: 'FromImage', imageReference: image },
      },
    },
    `${where}.osDisk`,
  );
  counts.disks = (counts.disks ?? 0) + 1;
  const dataDisks = (raw.dataDisks ?? []).map((d: Json, i: number) => {
    const lun = d.lun ?? i;
    const disk = put(
      stamp,
      diskKind,
      rg,
      d.name ?? `${name}-data-${lun}`,
      {
        sku: { name: d.storageAccountType ?? storageAccountType },
        properties: { diskSizeGB: d.sizeGB ?? d.diskSizeGB ?? 128, creationData: { createOption: 'Empty' } },
      },
      `${where}.dataDisks[${i}]`,
    );
    counts.disks++;
    return { lun, createOption: 'Attach', caching: d.caching ?? 'ReadOnly', managedDisk: { id: disk.id } };
  });
  const nicSpecs: Json[] = raw.nics ?? (raw.nic ? [raw.nic] : []);
  if (nicSpecs.length === 0) throw new SeedError('a VM needs at least one nic', 'InvalidSeed', where);
  const nics = nicSpecs.map((n: Json, i: number) => {
    const nicWhere = `${where}.nics[${i}]`;
    const vnet = resolve(stamp, VNET, n.vnet, rg, nicWhere);
    const subnet = (vnet.properties.subnets as Json[]).find(
      (s) => s.name.toLowerCase() === String(n.subnet).toLowerCase(),
    );
    if (!subnet) throw new SeedError(`subnet '${n.subnet}' is not in ${vnet.name}`, 'InvalidSeed', nicWhere);
    const ipProps: Json = {
      subnet: { id: `${vnet.id}/subnets/${subnet.name}` },
      privateIPAllocationMethod: n.privateIp ? 'Static' : 'Dynamic',
    };
    if (n.privateIp) ipProps.privateIPAddress = n.privateIp;
    if (n.publicIp) ipProps.publicIPAddress = { id: resolve(stamp, PIP, n.publicIp, rg, nicWhere).id };
    const pools: string[] =
      n.loadBalancerBackendPools ?? (n.loadBalancerBackendPool ? [n.loadBalancerBackendPool] : []);
    if (pools.length) {
      ipProps.loadBalancerBackendAddressPools = pools.map((p) => {
        const [lbRef, pool] =
          p.split(':').length === 2
            ? p.split(':')
            : [p.slice(0, p.lastIndexOf('/')), p.slice(p.lastIndexOf('/') + 1)];
        return { id: `${resolve(stamp, LB, lbRef, rg, nicWhere).id}/backendAddressPools/${pool}` };
      });
    }
    const body: Json = { properties: { ipConfigurations: [{ name: 'ipconfig1', properties: ipProps }] } };
    if (n.networkSecurityGroup) {
      body.properties.networkSecurityGroup = {
        id: resolve(stamp, NSG, n.networkSecurityGroup, rg, nicWhere).id,
      };
    }
    const nic = put(
      stamp,
      networkInterfaceKind,
      rg,
      n.name ?? (i === 0 ? `${name}-nic` : `${name}-nic-${i}`),
      body,
      nicWhere,
    );
    counts.networkInterfaces = (counts.networkInterfaces ?? 0) + 1;
    return { id: nic.id, properties: { primary: i === 0 } };
  });
  const existing = stamp.state.getTyped(VM, resourceId(stamp.subscriptionId, rg, VM, name));
  const resourceGroup = stamp.state.resourceGroup(rg)!;
  const body = {
    location: stamp.location,
    tags: raw.tags,
    properties: {
      hardwareProfile: { vmSize: raw.size ?? 'Standard_DS2_v2' },
      storageProfile: {
        imageReference: image,
        osDisk: { osType: osDisk.properties.osType, createOption: 'Attach', managedDisk: { id: osDisk.id } },
        dataDisks,
      },
      osProfile: { computerName: raw.computerName ?? name, adminUsername: 'twinsite' },
      networkProfile: { networkInterfaces: nics },
    },
  };
  try {
    const vm = applyPut(virtualMachineKind, { stamp, resourceGroup, name, body, existing }, 'Succeeded');
    const power = String(raw.powerState ?? 'running').toLowerCase();
    if (!['running', 'stopped', 'deallocated'].includes(power)) {
      throw new SeedError(`powerState must be running, stopped or deallocated`, 'InvalidSeed', where);
    }
    if (!existing) vm.internal.seedPower = power;
    else vm.internal.power = power;
    markProvisioned(stamp, virtualMachineKind, vm);
  } catch (error) {
    if (error instanceof ArmError) throw new SeedError(error.message, error.code, where);
    throw error;
  }
  counts.virtualMachines = (counts.virtualMachines ?? 0) + 1;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-errors';
import { resourceId } from '../resource-ids';
import { Stamp } from '../stamp';
import { Json, StoredResource, keyOf } from '../stamp-state';
import { DISK, VM, diskKind, diskSku } from './compute-disks';
import { checkCoresQuota } from './compute-quota';
import { DiskPlan, PowerState, instanceView } from './compute-vm-views';
import { NIC } from './network-refs';
import { ResourceKind, applyPut } from './resource-crud';

// Virtual machines. A VM needs NICs and an OS disk that exist; it holds them while it
// exists (they cannot be deleted), counts against the cores quota while allocated, and
// moves through power states by start/powerOff/deallocate/restart operations.

function implicitDiskName(vmName: string, role: string): string {
  return `${vmName}_${role}_${randomBytes(16).toString('hex')}`;
}

function findDisk(stamp: Stamp, id: unknown, target: string): StoredResource {
  const disk = typeof id === 'string' ? stamp.state.getTyped(DISK, id) : undefined;
  if (!disk) throw new ArmError(400, 'NotFound', `Disk ${String(id)} was not found.`, target);
  return disk;
}

function planDisk(
  stamp: Stamp,
  vm: StoredResource,
  raw: Json,
  role: 'os' | 'data',
  existingPlan?: DiskPlan,
): DiskPlan {
  const target = role === 'os' ? 'storageProfile.osDisk' : `storageProfile.dataDisks[lun ${raw.lun}]`;
  const option = String(raw.createOption ?? '').toLowerCase();
  const caching = raw.caching ?? (role === 'os' ? 'ReadWrite' : 'None');
  if (option === 'attach') {
    const disk = findDisk(stamp, raw.managedDisk?.id, `${target}.managedDisk.id`);
    if (disk.managedBy && keyOf(disk.managedBy) !== vm.key) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Disk ${disk.name} is already attached to VM ${disk.managedBy}. A disk can be attached to one VM only.`,
      );
    }
    return {
      lun: raw.lun,
      name: disk.name,
      id: disk.id,
      createOption: 'Attach',
      caching,
      storageAccountType: disk.sku?.name ?? 'Standard_LRS',
    };
  }
  if (existingPlan) return { ...existingPlan, caching };
  if (option === 'fromimage' || option === 'empty') {
    if (role === 'data' && option === 'empty' && typeof raw.diskSizeGB !== 'number') {
      throw armErrors.missingParameter('diskSizeGB', `${target}.diskSizeGB`);
    }
    const sku = diskSku(raw.managedDisk?.storageAccountType);
    const name = raw.name ?? implicitDiskName(vm.name, role === 'os' ? 'OsDisk_1' : `DataDisk_${raw.lun}`);
    const id = resourceId(stamp.subscriptionId, vm.resourceGroup, DISK, name);
    if (stamp.state.getTyped(DISK, id)) {
      throw new ArmError(
        409,
        'Conflict',
        `Disk ${name} already exists in resource group ${vm.resourceGroup}. Use createOption 'Attach' to attach it.`,
        target,
      );
    }
    return {
      lun: raw.lun,
      name,
      id,
      createOption: option === 'fromimage' ? 'FromImage' : 'Empty',
      caching,
      storageAccountType: sku.name,
      create: { sizeGB: raw.diskSizeGB ?? (role === 'os' ? 30 : 0) },
    };
  }
  throw armErrors.invalidParameter(
    `The value '${raw.createOption ?? ''}' of parameter 'createOption' is not valid. Allowed values are 'Attach, FromImage, Empty'.`,
    `${target}.createOption`,
  );
}

function sanitiseOsProfile(osProfile: Json): Json | undefined {
  if (!osProfile || typeof osProfile !== 'object') return undefined;
  const { adminPassword: _p, customData: _c, ...rest } = osProfile;
  return rest;
}

function guessOsType(imageReference: Json): string {
  const text = `${imageReference?.publisher ?? ''} ${imageReference?.offer ?? ''}`.toLowerCase();
  return text.includes('windows') ? 'Windows' : 'Linux';
}

export const virtualMachineKind: ResourceKind = {
  namespace: 'Microsoft.Compute',
  type: 'virtualMachines',
  fullType: VM,
  draft({ stamp, body, existing }, shell) {
    const p = body.properties ?? {};
    const sizeName = p.hardwareProfile?.vmSize;
    if (typeof sizeName !== 'string' || !sizeName)
      throw armErrors.missingParameter('vmSize', 'hardwareProfile.vmSize');
    const size = stamp.vmSize(sizeName);
    if (!size) {
      throw new ArmError(
        409,
        'SkuNotAvailable',
        `The requested size for resource '${shell.id}' is currently not available in location '${stamp.location}' ` +
          `zones '' for subscription '${stamp.subscriptionId}'. Please try another size or deploy to a different ` +
          'location or zones. See https://aka.ms/azureskunotavailable for details.',
      );
    }
    const storage = p.storageProfile ?? {};
    if (!storage.osDisk) throw armErrors.missingParameter('osDisk', 'storageProfile.osDisk');
    const previous = existing?.internal.plan as { os: DiskPlan; data: DiskPlan[] } | undefined;
    const os = planDisk(stamp, shell, storage.osDisk, 'os', previous?.os);
    if (previous && keyOf(previous.os.id) !== keyOf(os.id)) {
      throw new ArmError(
        409,
        'PropertyChangeNotAllowed',
        "Changing property 'osDisk.managedDisk.id' is not allowed.",
        'osDisk.managedDisk.id',
      );
    }
    let osType: string | undefined = storage.osDisk.osType;
    if (os.createOption === 'Attach') {
      osType = osType ?? stamp.state.getTyped(DISK, os.id)?.properties.osType;
      if (!osType) throw armErrors.missingParameter('osType', 'storageProfile.osDisk.osType');
    } else if (!previous) {
      if (!storage.imageReference)
        throw armErrors.missingParameter('imageReference', 'storageProfile.imageReference');
      osType = osType ?? guessOsType(storage.imageReference);
      os.create = { ...os.create!, osType, imageReference: storage.imageReference };
    } else {
      osType = existing!.properties.storageProfile.osDisk.osType;
    }

    const dataRaw: Json[] = Array.isArray(storage.dataDisks) ? storage.dataDisks : [];
    if (dataRaw.length > size.maxDataDiskCount) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `The maximum number of data disks allowed to be attached to a VM of this size is ${size.maxDataDiskCount}.`,
        'dataDisks',
      );
    }
    const luns = new Set<number>();
    const data: DiskPlan[] = dataRaw.map((raw) => {
      if (typeof raw?.lun !== 'number')
        throw armErrors.missingParameter('lun', 'storageProfile.dataDisks.lun');
      if (luns.has(raw.lun)) {
        throw armErrors.invalidParameter(
          `A disk at LUN ${raw.lun} already exists. Each data disk needs its own LUN.`,
          'storageProfile.dataDisks',
        );
      }
      luns.add(raw.lun);
      const prior = previous?.data.find((d) => d.lun === raw.lun);
      const attachSame = raw.managedDisk?.id && prior && keyOf(raw.managedDisk.id) === keyOf(prior.id);
      return planDisk(
        stamp,
        shell,
        raw,
        'data',
        attachSame || String(raw.createOption).toLowerCase() !== 'attach' ? prior : undefined,
      );
    });
    const allIds = [os.id, ...data.map((d) => d.id)].map(keyOf);
    if (new Set(allIds).size !== allIds.length) {
      throw armErrors.invalidParameter('The same disk cannot be attached to a VM twice.', 'storageProfile');
    }

    const nicRefs: Json[] = p.networkProfile?.networkInterfaces ?? [];
    if (!Array.isArray(nicRefs) || nicRefs.length === 0) {
      throw armErrors.missingParameter('networkProfile', 'networkProfile.networkInterfaces');
    }
    const nics = nicRefs.map((r, i) => {
      const nic = typeof r?.id === 'string' ? stamp.state.getTyped(NIC, r.id) : undefined;
      if (!nic) {
        throw new ArmError(
          400,
          'NotFound',
          `Network interface ${String(r?.id)} was not found.`,
          `networkProfile.networkInterfaces[${i}].id`,
        );
      }
      if (nic.internal.vmId && keyOf(nic.internal.vmId) !== shell.key) {
        throw new ArmError(
          400,
          'NicInUse',
          `Network Interface ${nic.id} is used by existing resource ${nic.internal.vmId}. A network interface can be used by one VM only.`,
        );
      }
      return { id: nic.id, primary: nicRefs.length === 1 ? true : r.properties?.primary === true };
    });
    if (nics.length > 1 && nics.filter((n) => n.primary).length !== 1) {
      throw armErrors.invalidParameter(
        `Virtual machine ${shell.name} must have one network interface set as the primary.`,
        'networkProfile.networkInterfaces',
      );
    }

    const power: PowerState = existing ? existing.internal.power : 'starting';
    const oldCores = existing
      ? (stamp.vmSize(existing.properties.hardwareProfile.vmSize)?.numberOfCores ?? 0)
      : 0;
    if (power !== 'deallocated' && (!existing || size.numberOfCores > oldCores)) {
      checkCoresQuota(stamp, shell.key, size.numberOfCores);
    }

    const properties: Json = {
      vmId: existing?.properties.vmId ?? randomUUID(),
      hardwareProfile: { vmSize: size.name },
      storageProfile: { osDisk: { osType } },
      networkProfile: {
        networkInterfaces: nics.map((n) => ({ id: n.id, properties: { primary: n.primary } })),
      },
    };
    if (storage.imageReference ?? existing?.properties.storageProfile.imageReference) {
      properties.storageProfile.imageReference =
        storage.imageReference ?? existing!.properties.storageProfile.imageReference;
    }
    const osProfile = sanitiseOsProfile(p.osProfile) ?? existing?.properties.osProfile;
    if (osProfile) properties.osProfile = osProfile;
    for (const passthrough of ['diagnosticsProfile', 'availabilitySet', 'licenseType']) {
      if (p[passthrough] !== undefined) properties[passthrough] = p[passthrough];
    }
    return { properties, internal: { ...(existing?.internal ?? {}), power, plan: { os, data } } };
  },
  afterCommit(stamp, vm, previous) {
    const plan = vm.internal.plan as { os: DiskPlan; data: DiskPlan[] };
    for (const disk of [plan.os, ...plan.data]) {
      if (disk.create) {
        const rg = stamp.state.resourceGroup(vm.resourceGroup)!;
        const creationData: Json =
          disk.createOption === 'FromImage'
            ? { createOption: 'FromImage', imageReference: disk.create.imageReference ?? {} }
            : { createOption: 'Empty' };
        const created = applyPut(
          diskKind,
          {
            stamp,
            resourceGroup: rg,
            name: disk.name,
            body: {
              location: stamp.location,
              sku: { name: disk.storageAccountType },
              properties: {
                creationData,
                diskSizeGB: disk.create.sizeGB,
                ...(disk.create.osType ? { osType: disk.create.osType } : {}),
              },
            },
          },
          'Succeeded',
        );
        disk.id = created.id;
        delete disk.create;
      }
    }
    const wanted = new Set([plan.os, ...plan.data].map((d) => keyOf(d.id)));
    const before = (previous?.internal?.plan ?? { os: undefined, data: [] }) as {
      os?: DiskPlan;
      data: DiskPlan[];
    };
    for (const old of [before.os, ...before.data]) {
      if (!old || wanted.has(keyOf(old.id))) continue;
      const disk = stamp.state.getTyped(DISK, old.id);
      if (disk && disk.managedBy && keyOf(disk.managedBy) === vm.key) delete disk.managedBy;
    }
    for (const d of [plan.os, ...plan.data]) {
      const disk = stamp.state.getTyped(DISK, d.id);
      if (disk) disk.managedBy = vm.id;
    }
    const nicIds = new Set(
      (vm.properties.networkProfile.networkInterfaces as Json[]).map((n) => keyOf(n.id)),
    );
    for (const nic of stamp.state.list(NIC)) {
      if (nicIds.has(nic.key)) {
        nic.internal.vmId = vm.id;
        nic.internal.primary = (vm.properties.networkProfile.networkInterfaces as Json[]).find(
          (n) => keyOf(n.id) === nic.key,
        )?.properties.primary;
      } else if (nic.internal.vmId && keyOf(nic.internal.vmId) === vm.key) {
        delete nic.internal.vmId;
        delete nic.internal.primary;
      }
    }
  },
  onProvisioned(_stamp, vm) {
    if (vm.internal.power === 'starting') vm.internal.power = vm.internal.seedPower ?? 'running';
    delete vm.internal.seedPower;
  },
  renderProperties(stamp, vm, ctx) {
    const plan = vm.internal.plan as { os: DiskPlan; data: DiskPlan[] };
    const diskView = (d: DiskPlan) => {
      const disk = stamp.state.getTyped(DISK, d.id);
      const out: Json = {
        name: d.name,
        createOption: d.createOption,
        caching: d.caching,
        managedDisk: { id: disk?.id ?? d.id, storageAccountType: disk?.sku?.name ?? d.storageAccountType },
        diskSizeGB: disk?.properties.diskSizeGB,
      };
      if (d.lun !== undefined) out.lun = d.lun;
      return out;
    };
    const { osType } = vm.properties.storageProfile.osDisk;
    const out: Json = {
      ...vm.properties,
      storageProfile: {
        ...vm.properties.storageProfile,
        osDisk: { osType, ...diskView(plan.os) },
        dataDisks: plan.data.map(diskView),
      },
    };
    if (ctx?.query.get('$expand')?.toLowerCase() === 'instanceview')
      out.instanceView = instanceView(stamp, vm);
    return out;
  },
  onRemoved(stamp, vm) {
    for (const disk of stamp.state.list(DISK)) {
      if (disk.managedBy && keyOf(disk.managedBy) === vm.key) delete disk.managedBy;
    }
    for (const nic of stamp.state.list(NIC)) {
      if (nic.internal.vmId && keyOf(nic.internal.vmId) === vm.key) {
        delete nic.internal.vmId;
        delete nic.internal.primary;
      }
    }
  },
};

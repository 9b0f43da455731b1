import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { Stamp } from '../stamp';
import { Json, StoredResource } from '../stamp-state';
import { acceptAction } from './operations';
import { ResourceKind, requireResource, requireResourceGroup } from './resource-crud';

// Managed disks. A stamp offers Standard_LRS and Premium_LRS only; a disk can be made
// empty, from an image, or by copying a disk or a snapshot (how a failover brings a
// replica up), and cannot be deleted while a VM holds it.

export const DISK = 'Microsoft.Compute/disks';
export const SNAPSHOT = 'Microsoft.Compute/snapshots';
export const VM = 'Microsoft.Compute/virtualMachines';

export const DISK_SKUS = ['Standard_LRS', 'Premium_LRS'];

export function diskSku(name: unknown, fallback = 'Standard_LRS'): { name: string; tier: string } {
  const wanted = name === undefined || name === null ? fallback : String(name);
  const sku = DISK_SKUS.find((s) => s.toLowerCase() === wanted.toLowerCase());
  if (!sku) {
    throw armErrors.invalidParameter(
      `The value '${wanted}' of parameter 'sku.name' is not supported on this Azure Stack Hub stamp. ` +
        `Supported values are '${DISK_SKUS.join(', ')}'.`,
      'sku.name',
    );
  }
  return { name: sku, tier: sku.startsWith('Premium') ? 'Premium' : 'Standard' };
}

/** The disk or snapshot a `Copy` names, or a 400 NotFound as ARM answers. */
export function copySource(stamp: Stamp, id: unknown): StoredResource {
  if (typeof id !== 'string' || !id)
    throw armErrors.missingParameter('sourceResourceId', 'creationData.sourceResourceId');
  const source = stamp.state.getTyped(DISK, id) ?? stamp.state.getTyped(SNAPSHOT, id);
  if (!source) {
    throw new ArmError(400, 'NotFound', `Resource ${id} is not found.`, 'creationData.sourceResourceId');
  }
  return source;
}

const CREATE_OPTIONS = ['Empty', 'Copy', 'FromImage', 'Import'];

function createOption(value: unknown): string {
  const option = CREATE_OPTIONS.find((o) => o.toLowerCase() === String(value ?? '').toLowerCase());
  if (!option) {
    throw armErrors.invalidParameter(
      `The value '${value ?? ''}' of parameter 'creationData.createOption' is not valid. Allowed values are '${CREATE_OPTIONS.join(', ')}'.`,
      'creationData.createOption',
    );
  }
  return option;
}

export function diskState(stamp: Stamp, disk: StoredResource): string {
  if (disk.internal.sas) return 'ActiveSAS';
  if (!disk.managedBy) return 'Unattached';
  const vm = stamp.state.getTyped(VM, disk.managedBy);
  return vm?.internal.power === 'deallocated' ? 'Reserved' : 'Attached';
}

export const diskKind: ResourceKind = {
  namespace: 'Microsoft.Compute',
  type: 'disks',
  fullType: DISK,
  draft({ stamp, body, existing }) {
    const p = body.properties ?? {};
    const sku = diskSku(body.sku?.name, existing?.sku?.name);
    if (existing) {
      const size = p.diskSizeGB ?? existing.properties.diskSizeGB;
      if (size < existing.properties.diskSizeGB) {
        throw armErrors.invalidParameter(
          `Disk size can only be increased: ${existing.properties.diskSizeGB} GB to ${size} GB is a decrease.`,
          'diskSizeGB',
        );
      }
      return {
        sku,
        properties: {
          ...existing.properties,
          diskSizeGB: size,
          osType: p.osType ?? existing.properties.osType,
        },
      };
    }
    if (!p.creationData) throw armErrors.missingParameter('creationData');
    const option = createOption(p.creationData.createOption);
    const creationData: Json = { createOption: option };
    let diskSizeGB: number | undefined = typeof p.diskSizeGB === 'number' ? p.diskSizeGB : undefined;
    let osType = p.osType;
    let hyperVGeneration = p.hyperVGeneration ?? 'V1';
    if (option === 'Empty' && diskSizeGB === undefined) throw armErrors.missingParameter('diskSizeGB');
    if (option === 'Copy') {
      const source = copySource(stamp, p.creationData.sourceResourceId);
      creationData.sourceResourceId = source.id;
      creationData.sourceUniqueId = source.properties.uniqueId;
      diskSizeGB = Math.max(diskSizeGB ?? 0, source.properties.diskSizeGB);
      osType = osType ?? source.properties.osType;
      hyperVGeneration = p.hyperVGeneration ?? source.properties.hyperVGeneration ?? 'V1';
    }
    if (option === 'FromImage') {
      if (!p.creationData.imageReference)
        throw armErrors.missingParameter('imageReference', 'creationData.imageReference');
      creationData.imageReference = p.creationData.imageReference;
      diskSizeGB = diskSizeGB ?? 30;
    }
    if (option === 'Import') {
      if (!p.creationData.sourceUri) throw armErrors.missingParameter('sourceUri', 'creationData.sourceUri');
      creationData.sourceUri = p.creationData.sourceUri;
      diskSizeGB = diskSizeGB ?? 128;
    }
    const properties: Json = {
      hyperVGeneration,
      creationData,
      diskSizeGB,
      uniqueId: randomUUID(),
      timeCreated: stamp.nowIso(),
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    };
    if (osType) properties.osType = osType;
    return { sku, properties };
  },
  renderProperties(stamp, disk) {
    return {
      ...disk.properties,
      diskSizeBytes: disk.properties.diskSizeGB * 1024 ** 3,
      diskState: diskState(stamp, disk),
    };
  },
  assertDeletable(stamp, disk) {
    if (disk.managedBy) {
      throw armErrors.operationNotAllowed(`Disk ${disk.name} is attached to VM ${disk.managedBy}.`);
    }
    if (disk.internal.sas) {
      throw armErrors.operationNotAllowed(
        `Disk ${disk.name} has an active SAS URI. Revoke access (endGetAccess) before deleting it.`,
      );
    }
  },
};

export function registerDiskAccessRoutes(router: ArmRouter): void {
  const scope = { namespace: 'Microsoft.Compute', resourceType: 'disks' };
  const base = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Compute/disks/:name';

  router.arm('POST', `${base}/beginGetAccess`, scope, (ctx) => {
    const { stamp } = ctx;
    requireResourceGroup(stamp, ctx.params.rg);
    const disk = requireResource(stamp, diskKind, ctx.params.rg, ctx.params.name);
    const access = String(ctx.body?.access ?? '');
    if (!['read', 'write'].includes(access.toLowerCase())) {
      throw armErrors.invalidParameter(`The value '${access}' of parameter 'access' is not valid.`, 'access');
    }
    if (typeof ctx.body?.durationInSeconds !== 'number')
      throw armErrors.missingParameter('durationInSeconds');
    if (disk.managedBy) {
      const vm = stamp.state.getTyped(VM, disk.managedBy);
      if (vm && vm.internal.power !== 'deallocated') {
        throw armErrors.operationNotAllowed(
          `Disk ${disk.name} is attached to VM ${disk.managedBy}, which is not deallocated. ` +
            'Access can be granted only to unattached disks or disks of deallocated VMs.',
        );
      }
    }
    const sas =
      `https://md-${randomBytes(6).toString('hex')}.blob.${stamp.name}.twinsite.local/${randomBytes(8).toString('hex')}/abcd` +
      `?sv=2017-04-17&sr=b&si=${randomUUID()}&sig=${randomBytes(16).toString('base64url')}`;
    return acceptAction(ctx, {
      namespace: 'Microsoft.Compute',
      resourceType: 'disks',
      action: 'beginGetAccess',
      complete: () => {
        disk.internal.sas = sas;
      },
      result: () => ({ status: 200, body: { accessSAS: sas } }),
    });
  });

  router.arm('POST', `${base}/endGetAccess`, scope, (ctx) => {
    const { stamp } = ctx;
    requireResourceGroup(stamp, ctx.params.rg);
    const disk = requireResource(stamp, diskKind, ctx.params.rg, ctx.params.name);
    return acceptAction(ctx, {
      namespace: 'Microsoft.Compute',
      resourceType: 'disks',
      action: 'endGetAccess',
      complete: () => {
        delete disk.internal.sas;
      },
    });
  });
}

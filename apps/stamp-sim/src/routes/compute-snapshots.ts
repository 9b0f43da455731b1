import { randomUUID } from 'node:crypto';
import { armErrors } from '../arm-errors';
import { resourceId } from '../resource-ids';
import { Stamp } from '../stamp';
import { Json, StoredResource, keyOf } from '../stamp-state';
import { SNAPSHOT, copySource, diskSku } from './compute-disks';
import { ResourceKind } from './resource-crud';

// Snapshots: full copies only (a stamp has no incremental snapshots), from a disk or
// from another snapshot. They are the recovery points the replication jobs write.

export const snapshotKind: ResourceKind = {
  namespace: 'Microsoft.Compute',
  type: 'snapshots',
  fullType: SNAPSHOT,
  draft({ stamp, body, existing }) {
    const p = body.properties ?? {};
    if (p.incremental === true) {
      throw armErrors.invalidParameter(
        'Incremental snapshots are not supported on this Azure Stack Hub stamp.',
        'properties.incremental',
      );
    }
    const sku = diskSku(body.sku?.name, existing?.sku?.name);
    if (existing) return { sku, properties: { ...existing.properties } };
    if (!p.creationData) throw armErrors.missingParameter('creationData');
    const option = String(p.creationData.createOption ?? '');
    const creationData: Json = {};
    let diskSizeGB = typeof p.diskSizeGB === 'number' ? p.diskSizeGB : undefined;
    let osType = p.osType;
    let hyperVGeneration = p.hyperVGeneration;
    if (option.toLowerCase() === 'copy') {
      const source = copySource(stamp, p.creationData.sourceResourceId);
      creationData.createOption = 'Copy';
      creationData.sourceResourceId = source.id;
      creationData.sourceUniqueId = source.properties.uniqueId;
      diskSizeGB = source.properties.diskSizeGB;
      osType = osType ?? source.properties.osType;
      hyperVGeneration = hyperVGeneration ?? source.properties.hyperVGeneration;
    } else if (option.toLowerCase() === 'import') {
      if (!p.creationData.sourceUri) throw armErrors.missingParameter('sourceUri', 'creationData.sourceUri');
      creationData.createOption = 'Import';
      creationData.sourceUri = p.creationData.sourceUri;
      if (diskSizeGB === undefined) throw armErrors.missingParameter('diskSizeGB');
    } else {
      throw armErrors.invalidParameter(
        `The value '${option}' of parameter 'creationData.createOption' is not valid for a snapshot. Allowed values are 'Copy, Import'.`,
        'creationData.createOption',
      );
    }
    const properties: Json = {
      hyperVGeneration: hyperVGeneration ?? 'V1',
      creationData,
      diskSizeGB,
      uniqueId: randomUUID(),
      timeCreated: stamp.nowIso(),
      incremental: false,
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    };
    if (osType) properties.osType = osType;
    return { sku, properties };
  },
  renderProperties(_stamp, snapshot) {
    return { ...snapshot.properties, diskSizeBytes: snapshot.properties.diskSizeGB * 1024 ** 3 };
  },
};

export interface RecoveryPointSnapshot {
  resourceGroup: string;
  name: string;
  sourceDiskId: string;
  sourceUniqueId?: string;
  diskSizeGB: number;
  osType?: string;
  skuName?: string;
  tags: Record<string, string>;
}

/**
 * Stores a snapshot copied from a disk at the other stamp: the replication engine's
 * write, which no ARM call at this stamp could express (the source is not here).
 */
export function storeRecoveryPointSnapshot(stamp: Stamp, input: RecoveryPointSnapshot): StoredResource {
  const id = resourceId(stamp.subscriptionId, input.resourceGroup, SNAPSHOT, input.name);
  const properties: Json = {
    hyperVGeneration: 'V1',
    creationData: {
      createOption: 'Copy',
      sourceResourceId: input.sourceDiskId,
      sourceUniqueId: input.sourceUniqueId,
    },
    diskSizeGB: input.diskSizeGB,
    uniqueId: randomUUID(),
    timeCreated: stamp.nowIso(),
    incremental: false,
    encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    provisioningState: 'Succeeded',
  };
  if (input.osType) properties.osType = input.osType;
  const snapshot: StoredResource = {
    id,
    key: keyOf(id),
    name: input.name,
    fullType: SNAPSHOT,
    resourceGroup: input.resourceGroup,
    location: stamp.location,
    tags: input.tags,
    sku: diskSku(input.skuName),
    properties,
    internal: {},
    etag: '',
  };
  stamp.state.put(snapshot);
  return snapshot;
}

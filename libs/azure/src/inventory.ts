import type { Snapshot, VirtualMachine, VirtualMachineInstanceView } from '@azure/arm-compute';
import type {
  LoadBalancer,
  NetworkInterface,
  NetworkSecurityGroup,
  PublicIPAddress,
  VirtualNetwork,
} from '@azure/arm-network';
import { normaliseArmResourceId, parseArmResourceId } from '@twinsite/core/arm-resource-id';
import {
  LoadBalancerInfo,
  NsgInfo,
  OsType,
  PublicIpInfo,
  RECOVERY_POINT_TAGS,
  RecoveryPoint,
  Tags,
  VmInfo,
  VmPowerState,
  VnetInfo,
} from '@twinsite/core/ports/arm-gateway';

// Pure mapping from SDK models to the port's inventory shapes.

export function resourceGroupOf(id: string | undefined): string {
  if (!id) return '';
  return parseArmResourceId(id)?.resourceGroup ?? /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '';
}

function tags(value: Record<string, string> | undefined): Tags {
  return { ...(value ?? {}) };
}

const POWER_STATES: readonly VmPowerState[] = [
  'running',
  'starting',
  'stopping',
  'stopped',
  'deallocating',
  'deallocated',
];

export function powerStateOf(view: Pick<VirtualMachineInstanceView, 'statuses'> | undefined): VmPowerState {
  const code = view?.statuses?.find((s) => s.code?.toLowerCase().startsWith('powerstate/'))?.code;
  const state = code?.slice('PowerState/'.length).toLowerCase();
  return (POWER_STATES as readonly string[]).includes(state ?? '') ? (state as VmPowerState) : 'unknown';
}

export function toVmInfo(
  vm: VirtualMachine,
  powerState: VmPowerState,
  nicsById: ReadonlyMap<string, NetworkInterface>,
): VmInfo {
  const id = vm.id ?? '';
  const nicIds = (vm.networkProfile?.networkInterfaces ?? [])
    .map((n) => n.id)
    .filter((v): v is string => !!v);
  const privateIps = nicIds.flatMap((nicId) =>
    (nicsById.get(normaliseArmResourceId(nicId))?.ipConfigurations ?? [])
      .map((c) => c.privateIPAddress)
      .filter((v): v is string => !!v),
  );
  const osDiskId = vm.storageProfile?.osDisk?.managedDisk?.id;
  const dataDiskIds = [...(vm.storageProfile?.dataDisks ?? [])]
    .sort((a, b) => a.lun - b.lun)
    .map((d) => d.managedDisk?.id)
    .filter((v): v is string => !!v);
  const osType = vm.storageProfile?.osDisk?.osType;
  return {
    id,
    name: vm.name ?? '',
    resourceGroup: resourceGroupOf(id),
    location: vm.location,
    size: vm.hardwareProfile?.vmSize ?? '',
    osType: osType === 'Linux' || osType === 'Windows' ? (osType as OsType) : undefined,
    powerState,
    nicIds,
    privateIps,
    osDiskId,
    dataDiskIds,
    diskIds: [...(osDiskId ? [osDiskId] : []), ...dataDiskIds],
    tags: tags(vm.tags),
  };
}

export function toVnetInfo(vnet: VirtualNetwork): VnetInfo {
  const id = vnet.id ?? '';
  return {
    id,
    name: vnet.name ?? '',
    resourceGroup: resourceGroupOf(id),
    location: vnet.location ?? '',
    addressPrefixes: vnet.addressSpace?.addressPrefixes ?? [],
    subnets: (vnet.subnets ?? []).map((s) => ({
      id: s.id ?? '',
      name: s.name ?? '',
      addressPrefix: s.addressPrefix ?? s.addressPrefixes?.[0],
      nsgId: s.networkSecurityGroup?.id,
    })),
    tags: tags(vnet.tags),
  };
}

export function toNsgInfo(nsg: NetworkSecurityGroup): NsgInfo {
  const id = nsg.id ?? '';
  return { id, name: nsg.name ?? '', resourceGroup: resourceGroupOf(id), tags: tags(nsg.tags) };
}

export function toPublicIpInfo(ip: PublicIPAddress): PublicIpInfo {
  const id = ip.id ?? '';
  return {
    id,
    name: ip.name ?? '',
    resourceGroup: resourceGroupOf(id),
    ipAddress: ip.ipAddress,
    allocationMethod: ip.publicIPAllocationMethod,
    attachedTo: ip.ipConfiguration?.id,
    tags: tags(ip.tags),
  };
}

export function toLoadBalancerInfo(lb: LoadBalancer): LoadBalancerInfo {
  const id = lb.id ?? '';
  return {
    id,
    name: lb.name ?? '',
    resourceGroup: resourceGroupOf(id),
    frontendPublicIpIds: (lb.frontendIPConfigurations ?? [])
      .map((f) => f.publicIPAddress?.id)
      .filter((v): v is string => !!v),
    backendPools: (lb.backendAddressPools ?? []).map((p) => ({ id: p.id ?? '', name: p.name ?? '' })),
    tags: tags(lb.tags),
  };
}

/** A snapshot is a recovery point when it carries both the source and the time tag. */
export function toRecoveryPoint(snapshot: Snapshot): RecoveryPoint | undefined {
  const t = snapshot.tags ?? {};
  const source = t[RECOVERY_POINT_TAGS.sourceResource];
  const at = t[RECOVERY_POINT_TAGS.recoveryPoint];
  if (!source || !at || Number.isNaN(Date.parse(at))) return undefined;
  const id = snapshot.id ?? '';
  return {
    snapshotId: id,
    snapshotName: snapshot.name ?? '',
    resourceGroup: resourceGroupOf(id),
    sourceResourceId: source,
    sourceDiskId: t[RECOVERY_POINT_TAGS.sourceDisk],
    recoveryPointAt: new Date(Date.parse(at)).toISOString(),
    diskRole: t[RECOVERY_POINT_TAGS.diskRole] ?? 'os',
    createdAt: snapshot.timeCreated ? new Date(snapshot.timeCreated).toISOString() : undefined,
    tags: tags(snapshot.tags),
  };
}

/** Newest first, then by source and disk role, so callers can take the head per source. */
export function sortRecoveryPoints(points: RecoveryPoint[]): RecoveryPoint[] {
  return [...points].sort(
    (a, b) =>
      Date.parse(b.recoveryPointAt) - Date.parse(a.recoveryPointAt) ||
      a.sourceResourceId.localeCompare(b.sourceResourceId) ||
      a.diskRole.localeCompare(b.diskRole),
  );
}

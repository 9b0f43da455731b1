/**
 * The ARM gateway port: what the domain needs from Azure Resource Manager on a
 * stamp, named for the state each operation ensures. The domain owns this
 * interface; `libs/azure` implements it against the Azure SDK.
 *
 * Every `ensure*` operation is idempotent: it looks before it acts, adopts what
 * already exists under the deterministic name it was given, and never creates a
 * resource twice. A failover step can therefore be retried, or resumed after a
 * crash, by calling the same operation with the same arguments.
 *
 * Types and error classes only: no I/O lives here.
 */

/** Everything needed to talk to one site's ARM, as the sites module stores it. */
export interface SiteConnection {
  siteId: string;
  /** e.g. `https://management.local.azurestack.external` */
  armEndpoint: string;
  subscriptionId: string;
  /** an Entra tenant id, or `adfs` for a disconnected stamp */
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** PEM of the CA that issued the stamp's certificates; trusted for this site alone */
  caCertificate?: string;
  /** API profile name, e.g. `2020-09-01-hybrid` */
  apiProfile: string;
  location: string;
}

/**
 * Lets a caller persist a long-running operation so that a resumed step polls the
 * operation already under way instead of sending its request again.
 */
export interface LroHooks {
  /** state saved by an earlier `onStarted`; when set, the request is not sent again */
  resumeState?: string;
  /**
   * Called once the stamp accepted the request and the operation is still running (not
   * when it finished at once, nor when resuming). Persist `state` before returning: if
   * this throws, the call fails and the operation goes on at the stamp.
   */
  onStarted?(state: string): Promise<void>;
  abortSignal?: AbortSignal;
}

export type ProviderMismatchProblem =
  | 'provider-not-listed'
  | 'resource-type-not-listed'
  | 'api-version-not-offered';

/** A resource type whose profile api-version the stamp does not offer. */
export interface ProviderMismatch {
  /** full type, e.g. `Microsoft.Compute/virtualMachines` */
  resourceType: string;
  wanted: string;
  offered: string[];
  problem: ProviderMismatchProblem;
}

export interface SiteEndpoints {
  loginEndpoint: string;
  audience: string;
}

export interface SiteProbe {
  siteId: string;
  /** the stamp answered over HTTPS with a certificate the site's CA vouches for */
  reachable: boolean;
  /** a token was obtained and ARM accepted it */
  authenticated: boolean;
  endpoints?: SiteEndpoints;
  /** resource types the gateway calls whose profile version the stamp does not offer */
  providerMismatches: ProviderMismatch[];
  /** round trip of the providers call, or of whatever failed */
  latencyMs: number;
  error?: { code: string; message: string };
}

export type VmPowerState =
  | 'running'
  | 'starting'
  | 'stopping'
  | 'stopped'
  | 'deallocating'
  | 'deallocated'
  | 'unknown';

export type OsType = 'Linux' | 'Windows';

export type Tags = Record<string, string>;

export interface VmInfo {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  size: string;
  osType?: OsType;
  powerState: VmPowerState;
  nicIds: string[];
  privateIps: string[];
  osDiskId?: string;
  dataDiskIds: string[];
  /** OS disk first, then data disks by LUN */
  diskIds: string[];
  tags: Tags;
}

export interface SubnetInfo {
  id: string;
  name: string;
  addressPrefix?: string;
  nsgId?: string;
}

export interface VnetInfo {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  addressPrefixes: string[];
  subnets: SubnetInfo[];
  tags: Tags;
}

export interface NsgInfo {
  id: string;
  name: string;
  resourceGroup: string;
  tags: Tags;
}

export interface PublicIpInfo {
  id: string;
  name: string;
  resourceGroup: string;
  ipAddress?: string;
  allocationMethod?: string;
  /** the IP configuration it is attached to, if any */
  attachedTo?: string;
  tags: Tags;
}

export interface LoadBalancerInfo {
  id: string;
  name: string;
  resourceGroup: string;
  frontendPublicIpIds: string[];
  backendPools: Array<{ id: string; name: string }>;
  tags: Tags;
}

export interface SiteInventory {
  siteId: string;
  /** ISO time the listing finished */
  collectedAt: string;
  vms: VmInfo[];
  vnets: VnetInfo[];
  nsgs: NsgInfo[];
  publicIps: PublicIpInfo[];
  loadBalancers: LoadBalancerInfo[];
}

/** Tags that make a snapshot a recovery point; replication writes them, the gateway reads them. */
export const RECOVERY_POINT_TAGS = {
  /** resource id of the protected VM (or disk) at the source site */
  sourceResource: 'twinsite-source-resource',
  /** resource id of the source disk the snapshot copies */
  sourceDisk: 'twinsite-source-disk',
  /** ISO time of the consistent point the snapshot holds */
  recoveryPoint: 'twinsite-recovery-point',
  /** `os`, or `data-<lun>` */
  diskRole: 'twinsite-disk-role',
} as const;

export interface RecoveryPoint {
  snapshotId: string;
  snapshotName: string;
  resourceGroup: string;
  sourceResourceId: string;
  sourceDiskId?: string;
  /** ISO time */
  recoveryPointAt: string;
  diskRole: string;
  /** ISO time the snapshot was made at the target, when the stamp says */
  createdAt?: string;
  tags: Tags;
}

export interface VmSizeInfo {
  name: string;
  cores: number;
  memoryMb: number;
}

export interface CoreQuota {
  used: number;
  limit: number;
}

export interface EnsureDiskFromSnapshot {
  resourceGroup: string;
  name: string;
  snapshotId: string;
  /** set for an OS disk, so the VM can boot from it */
  osType?: OsType;
  tags: Tags;
}

export interface EnsurePublicIp {
  resourceGroup: string;
  name: string;
  tags: Tags;
}

export interface EnsureNic {
  resourceGroup: string;
  name: string;
  subnetId: string;
  /** static private IP; omitted: dynamic */
  privateIp?: string;
  nsgId?: string;
  publicIpId?: string;
  backendPoolIds?: string[];
  tags: Tags;
}

export interface EnsureVm {
  resourceGroup: string;
  name: string;
  size: string;
  osType: OsType;
  osDiskId: string;
  dataDiskIds: string[];
  nicId: string;
  tags: Tags;
}

export interface TaggedResource {
  id: string;
  type: string;
}

/**
 * Nest injection token for the ArmGateway. Kept with the port so domain modules inject
 * the interface without importing the Azure implementation.
 */
export const ARM_GATEWAY = 'ARM_GATEWAY';

export interface ArmGateway {
  /** Never throws for an unreachable or misconfigured site: the answer says what failed. */
  probe(site: SiteConnection): Promise<SiteProbe>;
  inventory(site: SiteConnection): Promise<SiteInventory>;
  /** One list call per resource group (or one for the subscription), never one GET per pair. */
  listRecoveryPoints(site: SiteConnection, opts?: { resourceGroup?: string }): Promise<RecoveryPoint[]>;
  vmSizes(site: SiteConnection): Promise<VmSizeInfo[]>;
  coreQuota(site: SiteConnection): Promise<CoreQuota>;
  ensureResourceGroup(
    site: SiteConnection,
    name: string,
    tags?: Tags,
  ): Promise<{ id: string; created: boolean }>;
  ensureDiskFromSnapshot(
    site: SiteConnection,
    disk: EnsureDiskFromSnapshot,
    hooks?: LroHooks,
  ): Promise<{ id: string; created: boolean }>;
  ensurePublicIp(
    site: SiteConnection,
    ip: EnsurePublicIp,
    hooks?: LroHooks,
  ): Promise<{ id: string; ipAddress?: string; created: boolean }>;
  ensureNic(
    site: SiteConnection,
    nic: EnsureNic,
    hooks?: LroHooks,
  ): Promise<{ id: string; privateIp?: string; created: boolean }>;
  ensureVm(site: SiteConnection, vm: EnsureVm, hooks?: LroHooks): Promise<{ id: string; created: boolean }>;
  ensureVmRunning(site: SiteConnection, vmId: string, hooks?: LroHooks): Promise<void>;
  ensureVmStopped(
    site: SiteConnection,
    vmId: string,
    opts: { deallocate: boolean },
    hooks?: LroHooks,
  ): Promise<void>;
  /** Absent already is success (`deleted: false`). */
  ensureDeleted(site: SiteConnection, resourceId: string, hooks?: LroHooks): Promise<{ deleted: boolean }>;
  /** e.g. everything a run created, for cleanup */
  findByTag(site: SiteConnection, tagName: string, tagValue: string): Promise<TaggedResource[]>;
}

export type SiteUnreachableReason = 'connection' | 'timeout' | 'circuit-open' | 'certificate-untrusted';

/**
 * The stamp could not be reached (refused, timed out, untrusted certificate) or its
 * circuit is open after repeated failures. Nothing was changed by the call that
 * failed this way before reaching the stamp; a write that timed out may or may not
 * have been applied, which is why every write is an idempotent `ensure`.
 */
export class SiteUnreachableError extends Error {
  readonly code = 'site-unreachable';

  constructor(
    readonly siteId: string,
    readonly reason: SiteUnreachableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SiteUnreachableError';
  }
}

/** ARM answered, and the answer is a failure (including a long-running operation that ended `Failed`). */
export class ArmOperationError extends Error {
  readonly siteId?: string;

  constructor(
    /** ARM's `error.code`, e.g. `ResourceNotFound`, `QuotaExceeded`, `NoRegisteredProviderFound` */
    readonly code: string,
    /** HTTP status; for a failed long-running operation, the status of the request that started it */
    readonly status: number | undefined,
    message: string,
    readonly resourceId?: string,
    options?: { cause?: unknown; siteId?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ArmOperationError';
    this.siteId = options?.siteId;
  }
}

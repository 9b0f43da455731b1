import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Disk, VirtualMachine } from '@azure/arm-compute';
import type { NetworkInterface, PublicIPAddress } from '@azure/arm-network';
import { ApiProfile } from '@twinsite/core/api-profile';
import { mapLimit } from '@twinsite/core/map-limit';
import {
  formatArmResourceId,
  normaliseArmResourceId,
  parseArmResourceId,
  sameArmResourceId,
} from '@twinsite/core/arm-resource-id';
import {
  ArmGateway,
  CoreQuota,
  EnsureDiskFromSnapshot,
  EnsureNic,
  EnsurePublicIp,
  EnsureVm,
  LroHooks,
  RecoveryPoint,
  SiteConnection,
  SiteInventory,
  SiteProbe,
  TaggedResource,
  Tags,
  VmSizeInfo,
} from '@twinsite/core/ports/arm-gateway';
import { ArmOperationError, isNotFound, SiteUnreachableError, toGatewayError } from './errors';
import {
  powerStateOf,
  sortRecoveryPoints,
  toLoadBalancerInfo,
  toNsgInfo,
  toPublicIpInfo,
  toRecoveryPoint,
  toVmInfo,
  toVnetInfo,
} from './inventory';
import { BeginOptions, ResumablePoller, runLro } from './lro';
import { ArmCallMetrics, ArmCallObserver, SiteCallStats } from './metrics';
import { listProviders, providerMismatches } from './provider-check';
import {
  armGetOptional,
  armListAll,
  armSend,
  armUrl,
  beginRawLro,
  parseBody,
  responseError,
} from './raw-arm';
import { ResilienceOptions } from './resilience';
import { SiteClientCache, SiteClients } from './site-clients';

export const ARM_GATEWAY_OPTIONS = 'ARM_GATEWAY_OPTIONS';

export interface AzureArmGatewayOptions {
  resilience?: Partial<ResilienceOptions>;
  /** profiles beyond the built-in ones, by name */
  profiles?: Record<string, ApiProfile>;
  /** poll interval of long-running operations when the stamp sends no Retry-After */
  lroPollIntervalMs?: number;
  /** how often an adopted resource that is still provisioning is re-read */
  provisioningPollMs?: number;
  /** called once per HTTP attempt sent to a stamp */
  onArmCall?: ArmCallObserver;
  /** instance-view reads in flight at once during inventory (the site bulkhead caps them too) */
  inventoryConcurrency?: number;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/** What `findByTag` falls back to listing when a stamp has no `/resources` list. */
const TAGGABLE_TYPES = [
  'Microsoft.Compute/virtualMachines',
  'Microsoft.Compute/disks',
  'Microsoft.Compute/snapshots',
  'Microsoft.Network/networkInterfaces',
  'Microsoft.Network/publicIPAddresses',
  'Microsoft.Network/loadBalancers',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.Network/virtualNetworks',
];

interface TaggedItem {
  id?: string;
  type?: string;
  tags?: Tags;
}

interface Provisioned {
  id?: string;
  provisioningState?: string;
}

interface EnsureSpec<T extends Provisioned> {
  resourceId: string;
  hooks?: LroHooks;
  get(): Promise<T | undefined>;
  /** why an existing resource of this name is not the one asked for, if it is not */
  conflict?(existing: T): string | undefined;
  begin(options: BeginOptions): Promise<ResumablePoller<T>>;
}

/**
 * The ARM gateway: every call Twinsite makes to a stamp. Reads list rather than get one
 * by one; writes are `ensure`s that look first, adopt what exists and resume what they
 * started. Per-site clients carry the api-version rewrite, the site's own CA trust and
 * the site's retry/circuit-breaker/bulkhead (see site-clients.ts).
 */
@Injectable()
export class AzureArmGateway implements ArmGateway, OnModuleDestroy {
  readonly metrics = new ArmCallMetrics();
  private readonly clients: SiteClientCache;
  readonly options: AzureArmGatewayOptions;

  constructor(@Optional() @Inject(ARM_GATEWAY_OPTIONS) options?: AzureArmGatewayOptions) {
    this.options = options ?? {};
    if (this.options.onArmCall) this.metrics.observe(this.options.onArmCall);
    this.clients = new SiteClientCache({
      resilience: this.options.resilience,
      profiles: this.options.profiles,
      metrics: this.metrics,
    });
  }

  /** HTTP attempts sent to stamps since start (retries and polls included). */
  get callCount(): number {
    return this.metrics.callCount;
  }

  siteStats(siteId: string): SiteCallStats {
    return this.metrics.site(siteId);
  }

  /** Subscribes to every ARM attempt; returns the unsubscribe function. */
  onArmCall(observer: ArmCallObserver): () => void {
    return this.metrics.observe(observer);
  }

  circuitState(site: SiteConnection): 'closed' | 'open' | 'half-open' | 'isolated' {
    return this.clients.resilience(site).circuitState;
  }

  /** Drops a site's clients, connections and circuit state (site deleted or re-keyed). */
  forgetSite(siteId: string): void {
    this.clients.evict(siteId);
  }

  onModuleDestroy(): void {
    this.clients.dispose();
  }

  // ---- reads -------------------------------------------------------------------------

  async probe(site: SiteConnection): Promise<SiteProbe> {
    const probe: SiteProbe = {
      siteId: site.siteId,
      reachable: false,
      authenticated: false,
      providerMismatches: [],
      latencyMs: 0,
    };
    const started = performance.now();
    try {
      const c = await this.clients.get(site);
      probe.endpoints = c.endpoints;
      const offered = await listProviders(c.arm, site);
      probe.reachable = true;
      probe.authenticated = true;
      probe.providerMismatches = providerMismatches(c.profile, offered);
    } catch (error) {
      const mapped = toGatewayError(error, { siteId: site.siteId });
      // An answer that is an ARM (or login) error still proves the stamp is there.
      probe.reachable = mapped instanceof ArmOperationError && mapped.code !== 'UnknownApiProfile';
      probe.error = {
        code:
          mapped instanceof SiteUnreachableError || mapped instanceof ArmOperationError
            ? mapped.code
            : 'Error',
        message: mapped.message,
      };
    }
    probe.latencyMs = Math.round(performance.now() - started);
    return probe;
  }

  inventory(site: SiteConnection): Promise<SiteInventory> {
    return this.run(site, undefined, async (c) => {
      const [vms, nics, vnets, nsgs, publicIps, loadBalancers] = await Promise.all([
        collect(c.compute.virtualMachines.listAll()),
        collect(c.network.networkInterfaces.listAll()),
        collect(c.network.virtualNetworks.listAll()),
        collect(c.network.networkSecurityGroups.listAll()),
        collect(c.network.publicIPAddresses.listAll()),
        collect(c.network.loadBalancers.listAll()),
      ]);
      const nicsById = new Map<string, NetworkInterface>(
        nics.map((n) => [normaliseArmResourceId(n.id ?? ''), n]),
      );
      // The hybrid profile's VM list has no power state; it takes one instance view per VM.
      const powerStates = await mapLimit(vms, this.options.inventoryConcurrency ?? 4, async (vm) => {
        const ref = parseArmResourceId(vm.id ?? '');
        if (!ref) return 'unknown' as const;
        try {
          return powerStateOf(await c.compute.virtualMachines.instanceView(ref.resourceGroup, ref.name));
        } catch (error) {
          // Deleted between the list and its instance view: not an inventory failure.
          if (isNotFound(toGatewayError(error, { siteId: site.siteId }))) return 'unknown' as const;
          throw error;
        }
      });
      return {
        siteId: site.siteId,
        collectedAt: new Date().toISOString(),
        vms: vms.map((vm, i) => toVmInfo(vm, powerStates[i], nicsById)),
        vnets: vnets.map(toVnetInfo),
        nsgs: nsgs.map(toNsgInfo),
        publicIps: publicIps.map(toPublicIpInfo),
        loadBalancers: loadBalancers.map(toLoadBalancerInfo),
      };
    });
  }

  listRecoveryPoints(site: SiteConnection, opts: { resourceGroup?: string } = {}): Promise<RecoveryPoint[]> {
    return this.run(site, undefined, async (c) => {
      const snapshots = await collect(
        opts.resourceGroup
          ? c.compute.snapshots.listByResourceGroup(opts.resourceGroup)
          : c.compute.snapshots.list(),
      );
      return sortRecoveryPoints(
        snapshots.map(toRecoveryPoint).filter((p): p is RecoveryPoint => p !== undefined),
      );
    });
  }

  vmSizes(site: SiteConnection): Promise<VmSizeInfo[]> {
    return this.run(site, undefined, async (c) => {
      const sizes = await collect(c.compute.virtualMachineSizes.list(site.location));
      return sizes.map((s) => ({
        name: s.name ?? '',
        cores: s.numberOfCores ?? 0,
        memoryMb: s.memoryInMB ?? 0,
      }));
    });
  }

  coreQuota(site: SiteConnection): Promise<CoreQuota> {
    return this.run(site, undefined, async (c) => {
      const usages = await collect(c.compute.usageOperations.list(site.location));
      const cores = usages.find((u) => u.name.value?.toLowerCase() === 'cores');
      if (!cores) {
        throw new ArmOperationError(
          'QuotaNotReported',
          undefined,
          `site ${site.siteId}: no 'cores' usage reported`,
          undefined,
          {
            siteId: site.siteId,
          },
        );
      }
      return { used: cores.currentValue, limit: cores.limit };
    });
  }

  findByTag(site: SiteConnection, tagName: string, tagValue: string): Promise<TaggedResource[]> {
    return this.run(site, undefined, async (c) => {
      const filter = `tagName eq ${odataString(tagName)} and tagValue eq ${odataString(tagValue)}`;
      const sub = `/subscriptions/${site.subscriptionId}`;
      const [resources, groups] = await Promise.all([
        armListAll<TaggedItem>(
          c.arm,
          site.siteId,
          armUrl(c.baseUrl, `${sub}/resources`, { $filter: filter }),
        ).catch(async (error: unknown) => {
          if (!isNotFound(toGatewayError(error, { siteId: site.siteId }))) throw error;
          // A stamp without the generic resources list: one list per type the gateway
          // creates, still list calls and still bounded, filtered here.
          const lists = await Promise.all(
            TAGGABLE_TYPES.map((type) =>
              armListAll<TaggedItem>(c.arm, site.siteId, armUrl(c.baseUrl, `${sub}/providers/${type}`)),
            ),
          );
          return lists.flat();
        }),
        armListAll<TaggedItem>(
          c.arm,
          site.siteId,
          armUrl(c.baseUrl, `${sub}/resourcegroups`, { $filter: filter }),
        ),
      ]);
      // The filter is applied again here: a stamp that ignores `$filter` must not turn a
      // cleanup into "delete everything".
      return [...groups, ...resources]
        .filter((r) => r.id && r.tags?.[tagName] === tagValue)
        .map((r) => ({ id: r.id as string, type: r.type ?? parseArmResourceId(r.id as string)?.type ?? '' }));
    });
  }

  // ---- ensures -----------------------------------------------------------------------

  ensureResourceGroup(
    site: SiteConnection,
    name: string,
    tags: Tags = {},
  ): Promise<{ id: string; created: boolean }> {
    const id = `/subscriptions/${site.subscriptionId}/resourceGroups/${name}`;
    return this.run(site, id, async (c) => {
      const url = armUrl(c.baseUrl, id);
      const existing = await armGetOptional<{ id: string }>(c.arm, site.siteId, url, id);
      if (existing) return { id: existing.id ?? id, created: false };
      const response = await armSend(c.arm, { method: 'PUT', url, body: { location: site.location, tags } });
      if (response.status >= 400) throw responseError(site.siteId, response, id);
      return { id: parseBody<{ id?: string }>(response)?.id ?? id, created: true };
    });
  }

  ensureDiskFromSnapshot(
    site: SiteConnection,
    disk: EnsureDiskFromSnapshot,
    hooks?: LroHooks,
  ): Promise<{ id: string; created: boolean }> {
    const id = this.resourceId(site, disk.resourceGroup, 'Microsoft.Compute', 'disks', disk.name);
    return this.run(site, id, async (c) => {
      const body: Disk = {
        location: site.location,
        tags: disk.tags,
        creationData: { createOption: 'Copy', sourceResourceId: disk.snapshotId },
        ...(disk.osType ? { osType: disk.osType } : {}),
      };
      const { resource, created } = await this.ensure<Disk>(c, {
        resourceId: id,
        hooks,
        get: () => optional(() => c.compute.disks.get(disk.resourceGroup, disk.name)),
        conflict: (existing) =>
          existing.creationData?.sourceResourceId &&
          !sameArmResourceId(existing.creationData.sourceResourceId, disk.snapshotId)
            ? `disk ${disk.name} exists but was copied from ${existing.creationData.sourceResourceId}, not ${disk.snapshotId}`
            : undefined,
        begin: (o) => c.compute.disks.beginCreateOrUpdate(disk.resourceGroup, disk.name, body, o),
      });
      return { id: resource.id ?? id, created };
    });
  }

  ensurePublicIp(
    site: SiteConnection,
    ip: EnsurePublicIp,
    hooks?: LroHooks,
  ): Promise<{ id: string; ipAddress?: string; created: boolean }> {
    const id = this.resourceId(site, ip.resourceGroup, 'Microsoft.Network', 'publicIPAddresses', ip.name);
    return this.run(site, id, async (c) => {
      // Stamps offer Basic only; Static so the address is known before anything attaches it.
      const body: PublicIPAddress = {
        location: site.location,
        tags: ip.tags,
        sku: { name: 'Basic' },
        publicIPAllocationMethod: 'Static',
      };
      const { resource, created } = await this.ensure<PublicIPAddress>(c, {
        resourceId: id,
        hooks,
        get: () => optional(() => c.network.publicIPAddresses.get(ip.resourceGroup, ip.name)),
        begin: (o) => c.network.publicIPAddresses.beginCreateOrUpdate(ip.resourceGroup, ip.name, body, o),
      });
      return { id: resource.id ?? id, ipAddress: resource.ipAddress, created };
    });
  }

  ensureNic(
    site: SiteConnection,
    nic: EnsureNic,
    hooks?: LroHooks,
  ): Promise<{ id: string; privateIp?: string; created: boolean }> {
    const id = this.resourceId(site, nic.resourceGroup, 'Microsoft.Network', 'networkInterfaces', nic.name);
    return this.run(site, id, async (c) => {
      const body: NetworkInterface = {
        location: site.location,
        tags: nic.tags,
        ...(nic.nsgId ? { networkSecurityGroup: { id: nic.nsgId } } : {}),
        ipConfigurations: [
          {
            name: 'ipconfig1',
            primary: true,
            subnet: { id: nic.subnetId },
            privateIPAllocationMethod: nic.privateIp ? 'Static' : 'Dynamic',
            ...(nic.privateIp ? { privateIPAddress: nic.privateIp } : {}),
            ...(nic.publicIpId ? { publicIPAddress: { id: nic.publicIpId } } : {}),
            ...(nic.backendPoolIds?.length
              ? { loadBalancerBackendAddressPools: nic.backendPoolIds.map((poolId) => ({ id: poolId })) }
              : {}),
          },
        ],
      };
      const { resource, created } = await this.ensure<NetworkInterface>(c, {
        resourceId: id,
        hooks,
        get: () => optional(() => c.network.networkInterfaces.get(nic.resourceGroup, nic.name)),
        conflict: (existing) => {
          const subnet = existing.ipConfigurations?.[0]?.subnet?.id;
          return subnet && !sameArmResourceId(subnet, nic.subnetId)
            ? `NIC ${nic.name} exists but is in subnet ${subnet}, not ${nic.subnetId}`
            : undefined;
        },
        begin: (o) => c.network.networkInterfaces.beginCreateOrUpdate(nic.resourceGroup, nic.name, body, o),
      });
      return { id: resource.id ?? id, privateIp: resource.ipConfigurations?.[0]?.privateIPAddress, created };
    });
  }

  ensureVm(site: SiteConnection, vm: EnsureVm, hooks?: LroHooks): Promise<{ id: string; created: boolean }> {
    const id = this.resourceId(site, vm.resourceGroup, 'Microsoft.Compute', 'virtualMachines', vm.name);
    return this.run(site, id, async (c) => {
      const body: VirtualMachine = {
        location: site.location,
        tags: vm.tags,
        hardwareProfile: { vmSize: vm.size },
        storageProfile: {
          osDisk: { osType: vm.osType, createOption: 'Attach', managedDisk: { id: vm.osDiskId } },
          dataDisks: vm.dataDiskIds.map((diskId, lun) => ({
            lun,
            createOption: 'Attach',
            managedDisk: { id: diskId },
          })),
        },
        networkProfile: { networkInterfaces: [{ id: vm.nicId, primary: true }] },
      };
      const { resource, created } = await this.ensure<VirtualMachine>(c, {
        resourceId: id,
        hooks,
        get: () => optional(() => c.compute.virtualMachines.get(vm.resourceGroup, vm.name)),
        conflict: (existing) => {
          const osDisk = existing.storageProfile?.osDisk?.managedDisk?.id;
          return osDisk && !sameArmResourceId(osDisk, vm.osDiskId)
            ? `VM ${vm.name} exists but boots from ${osDisk}, not ${vm.osDiskId}`
            : undefined;
        },
        begin: (o) => c.compute.virtualMachines.beginCreateOrUpdate(vm.resourceGroup, vm.name, body, o),
      });
      return { id: resource.id ?? id, created };
    });
  }

  ensureVmRunning(site: SiteConnection, vmId: string, hooks?: LroHooks): Promise<void> {
    return this.run(site, vmId, async (c) => {
      const { resourceGroup, name } = vmRef(site, vmId);
      await this.resumeOrLook(hooks, async (h) => {
        if (!h?.resumeState) {
          const state = powerStateOf(await c.compute.virtualMachines.instanceView(resourceGroup, name));
          if (state === 'running') return;
        }
        await runLro(
          (o) => c.compute.virtualMachines.beginStart(resourceGroup, name, o),
          h,
          this.options.lroPollIntervalMs,
        );
      });
    });
  }

  ensureVmStopped(
    site: SiteConnection,
    vmId: string,
    opts: { deallocate: boolean },
    hooks?: LroHooks,
  ): Promise<void> {
    return this.run(site, vmId, async (c) => {
      const { resourceGroup, name } = vmRef(site, vmId);
      await this.resumeOrLook(hooks, async (h) => {
        if (!h?.resumeState) {
          const state = powerStateOf(await c.compute.virtualMachines.instanceView(resourceGroup, name));
          if (state === 'deallocated' || (!opts.deallocate && state === 'stopped')) return;
        }
        await runLro(
          (o) =>
            opts.deallocate
              ? c.compute.virtualMachines.beginDeallocate(resourceGroup, name, o)
              : c.compute.virtualMachines.beginPowerOff(resourceGroup, name, o),
          h,
          this.options.lroPollIntervalMs,
        );
      });
    });
  }

  ensureDeleted(site: SiteConnection, resourceId: string, hooks?: LroHooks): Promise<{ deleted: boolean }> {
    return this.run(site, resourceId, async (c) => {
      const url = armUrl(c.baseUrl, resourceId);
      let deleted = false;
      await this.resumeOrLook(hooks, async (h) => {
        if (!h?.resumeState && !(await armGetOptional(c.arm, site.siteId, url, resourceId))) return;
        try {
          await runLro(
            (o) => beginRawLro(c.arm, { method: 'DELETE', url, abortSignal: o.abortSignal }, o),
            h,
            this.options.lroPollIntervalMs,
          );
          deleted = true;
        } catch (error) {
          // Someone else deleted it between our look and our delete: the outcome we wanted.
          if (!isNotFound(toGatewayError(error, { siteId: site.siteId, resourceId }))) throw error;
          deleted = !!h?.resumeState;
        }
      });
      return { deleted };
    });
  }

  // ---- internals ---------------------------------------------------------------------

  private async run<T>(
    site: SiteConnection,
    resourceId: string | undefined,
    fn: (c: SiteClients) => Promise<T>,
  ): Promise<T> {
    try {
      return await fn(await this.clients.get(site));
    } catch (error) {
      throw toGatewayError(error, { siteId: site.siteId, resourceId });
    }
  }

  /**
   * Resumes a persisted operation; when the stamp no longer knows it (404) or the state
   * cannot be read, falls back to looking at the resource, which is always safe because
   * every ensure looks before it acts.
   */
  private async resumeOrLook(
    hooks: LroHooks | undefined,
    body: (hooks: LroHooks | undefined) => Promise<void>,
  ): Promise<void> {
    if (hooks?.resumeState) {
      try {
        return await body(hooks);
      } catch (error) {
        if (!isStaleResumeState(error)) throw error;
      }
    }
    await body(hooks ? { ...hooks, resumeState: undefined } : undefined);
  }

  private async ensure<T extends Provisioned>(
    c: SiteClients,
    spec: EnsureSpec<T>,
  ): Promise<{ resource: T; created: boolean }> {
    const interval = this.options.lroPollIntervalMs;
    let result: { resource: T; created: boolean } | undefined;
    await this.resumeOrLook(spec.hooks, async (hooks) => {
      if (hooks?.resumeState) {
        result = { resource: await runLro(spec.begin, hooks, interval), created: true };
        return;
      }
      let existing = await spec.get();
      if (existing) {
        const why = spec.conflict?.(existing);
        if (why)
          throw new ArmOperationError('ResourceConflict', 409, why, spec.resourceId, {
            siteId: c.site.siteId,
          });
        existing = await this.settled(existing, spec.get);
        if (existing && existing.provisioningState?.toLowerCase() === 'succeeded') {
          result = { resource: existing, created: false };
          return;
        }
        if (existing) {
          // A failed create left the resource behind: the same PUT again repairs it in place.
          result = { resource: await runLro(spec.begin, hooks, interval), created: false };
          return;
        }
      }
      result = { resource: await runLro(spec.begin, hooks, interval), created: true };
    });
    return result!;
  }

  /** Waits out a create/update someone else started, by reading the resource. */
  private async settled<T extends Provisioned>(
    resource: T,
    get: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    let current: T | undefined = resource;
    while (current && current.provisioningState && !TERMINAL.has(current.provisioningState.toLowerCase())) {
      await sleep(this.options.provisioningPollMs ?? 2000);
      current = await get();
    }
    return current;
  }

  private resourceId(
    site: SiteConnection,
    resourceGroup: string,
    provider: string,
    type: string,
    name: string,
  ): string {
    try {
      return formatArmResourceId({
        subscriptionId: site.subscriptionId,
        resourceGroup,
        provider,
        types: [type],
        names: [name],
      });
    } catch (error) {
      throw new ArmOperationError('InvalidResourceName', 400, (error as Error).message, undefined, {
        siteId: site.siteId,
      });
    }
  }
}

function vmRef(site: SiteConnection, vmId: string): { resourceGroup: string; name: string } {
  const ref = parseArmResourceId(vmId);
  if (!ref || ref.type.toLowerCase() !== 'microsoft.compute/virtualmachines') {
    throw new ArmOperationError('InvalidResourceId', 400, `not a virtual machine id: ${vmId}`, vmId, {
      siteId: site.siteId,
    });
  }
  return { resourceGroup: ref.resourceGroup, name: ref.name };
}

function isStaleResumeState(error: unknown): boolean {
  if (error instanceof Error && /Unable to deserialize input state/.test(error.message)) return true;
  return isNotFound(toGatewayError(error, { siteId: '' }));
}

async function optional<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (isNotFound(toGatewayError(error, { siteId: '' }))) return undefined;
    throw error;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

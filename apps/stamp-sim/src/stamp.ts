import { createHash } from 'node:crypto';
import { DEFAULT_CORES_LIMIT, VmSize } from './defaults';
import { Faults, noFaults, operationLatency } from './faults';
import { Cidr, parseCidr } from './ipv4';
import { OperationTracker } from './lro';
import { RequestLog } from './request-log';
import { StampState } from './stamp-state';
import { Throttle } from './throttling';

// One simulated Azure Stack Hub stamp: its identity, its resources and everything that
// shapes how it answers (faults, budgets, quotas, sizes). The HTTP side lives in
// stamp-server.ts; the stamp itself never touches sockets.

export interface StampConfig {
  name: string;
  location: string;
  subscriptionId: string;
  vmSizes: VmSize[];
  publicIpPool: string;
  defaultLatencyMs: number;
}

export interface AdfsClientPolicy {
  /** when set, only this client id may log in */
  clientId?: string;
  /** when set, tokens are issued only for this secret */
  clientSecret?: string;
}

/** What the listener must do when `down` changes; set by the server that hosts the stamp. */
export interface ListenerControl {
  applyDown(mode: Faults['down']): Promise<void>;
}

export class Stamp {
  readonly name: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly state: StampState;
  readonly operations: OperationTracker;
  readonly log = new RequestLog();
  readonly throttle = new Throttle();
  readonly audienceGuid: string;
  readonly publicIpPool: Cidr;
  url = '';
  adminUrl = '';
  port = 0;
  adminPort = 0;
  faults: Faults = noFaults();
  coresLimit = DEFAULT_CORES_LIMIT;
  vmSizes: VmSize[];
  adfs: AdfsClientPolicy = {};
  listener?: ListenerControl;
  private readonly defaultVmSizes: VmSize[];
  private readonly defaultLatencyMs: number;

  constructor(config: StampConfig) {
    this.name = config.name;
    this.location = config.location;
    this.subscriptionId = config.subscriptionId;
    this.state = new StampState(config.subscriptionId);
    this.operations = new OperationTracker(() => this.now());
    this.defaultVmSizes = config.vmSizes;
    this.vmSizes = config.vmSizes.map((s) => ({ ...s }));
    this.defaultLatencyMs = config.defaultLatencyMs;
    const pool = parseCidr(config.publicIpPool);
    if (!pool) throw new Error(`invalid public IP pool ${config.publicIpPool}`);
    this.publicIpPool = pool;
    this.audienceGuid = guidFrom(`twinsite-audience:${config.name}`);
  }

  /** The stamp's own clock: real time shifted by the injected skew. */
  now(): Date {
    return new Date(Date.now() + this.faults.clockSkewSeconds * 1000);
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  isDown(): boolean {
    return this.faults.down !== false;
  }

  audience(): string {
    return `https://management.${this.name}.twinsite.local/${this.audienceGuid}`;
  }

  latencyFor(method: string, resourceType: string, action?: string): number {
    return operationLatency(
      this.faults.operationLatencyMs,
      method,
      resourceType,
      action,
      this.defaultLatencyMs,
    );
  }

  async setFaults(next: Faults): Promise<void> {
    const previous = this.faults;
    this.faults = next;
    if (JSON.stringify(previous.throttle) !== JSON.stringify(next.throttle))
      this.throttle.setBudget(next.throttle);
    if (previous.down !== next.down && this.listener) await this.listener.applyDown(next.down);
  }

  /** Back to an empty stamp with default quotas, sizes and login policy, and no faults. */
  async reset(): Promise<void> {
    this.state.clear();
    this.operations.clear();
    this.throttle.reset();
    this.coresLimit = DEFAULT_CORES_LIMIT;
    this.vmSizes = this.defaultVmSizes.map((s) => ({ ...s }));
    this.adfs = {};
    await this.setFaults(noFaults());
  }

  vmSize(name: string): VmSize | undefined {
    const lower = name.toLowerCase();
    return this.vmSizes.find((s) => s.name.toLowerCase() === lower);
  }
}

/** A stable GUID-shaped value, so a stamp's audience survives restarts. */
export function guidFrom(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

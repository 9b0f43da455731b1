import * as path from 'node:path';
import { createAdminHandler } from './admin-routes';
import { buildArmRouter } from './arm-routes';
import { DEFAULT_STAMPS, DEFAULT_VM_SIZES, PUBLIC_IP_POOLS, defaultSubscriptionId } from './defaults';
import { ReplicationJobs } from './replication-jobs';
import { Stamp } from './stamp';
import { StampServer } from './stamp-server';
import { loadTls } from './tls';

// Twinsite's Azure Stack Hub stamp simulator: two (or more) ARM-compatible stamps in
// one process, each with an ADFS login endpoint and an admin API under /_sim.

export interface StampSimOptions {
  /** default '.data/sim'; the CA is written to `${dataDir}/ca.pem` (its key beside it, so restarts reuse it) */
  dataDir?: string;
  /** default '127.0.0.1' */
  host?: string;
  /**
   * default [{name:'stamp-a',port:8443,location:'east'},{name:'stamp-b',port:8444,location:'west'}];
   * port 0 = ephemeral. `adminPort` defaults to port + 1000 (ephemeral when port is 0).
   */
  stamps?: Array<{
    name: string;
    port: number;
    location: string;
    subscriptionId?: string;
    adminPort?: number;
  }>;
  /** latency of every long-running operation unless overridden per operation; default 0 */
  defaultLatencyMs?: number;
}

export interface SimStamp {
  name: string;
  url: string;
  port: number;
  location: string;
  subscriptionId: string;
  /** the always-up admin listener (serves /_sim only; stays reachable while the stamp is down) */
  adminUrl: string;
  adminPort: number;
}

export interface StampSim {
  stamps: SimStamp[];
  caPem: string;
  caPath: string;
  stop(): Promise<void>;
  stamp(name: string): SimStamp;
}

export async function startStampSim(options: StampSimOptions = {}): Promise<StampSim> {
  const dataDir = path.resolve(options.dataDir ?? '.data/sim');
  const host = options.host ?? '127.0.0.1';
  const specs: NonNullable<StampSimOptions['stamps']> = options.stamps ?? DEFAULT_STAMPS;
  if (specs.length === 0) throw new Error('startStampSim needs at least one stamp');
  const names = new Set(specs.map((s) => s.name.toLowerCase()));
  if (names.size !== specs.length) throw new Error('stamp names must be unique');

  const tls = loadTls(dataDir, ['localhost', ...specs.map((s) => `management.${s.name}.twinsite.local`)]);
  const stamps = specs.map(
    (spec, i) =>
      new Stamp({
        name: spec.name,
        location: spec.location,
        subscriptionId: spec.subscriptionId ?? defaultSubscriptionId(i),
        vmSizes: DEFAULT_VM_SIZES[Math.min(i, DEFAULT_VM_SIZES.length - 1)],
        publicIpPool: PUBLIC_IP_POOLS[i % PUBLIC_IP_POOLS.length],
        defaultLatencyMs: options.defaultLatencyMs ?? 0,
      }),
  );
  const jobs = new ReplicationJobs({
    stamp: (name) => stamps.find((s) => s.name.toLowerCase() === name.toLowerCase()),
  });
  const admin = createAdminHandler({ jobs, stamps: () => stamps, caPath: tls.caPath });
  const router = buildArmRouter();
  const servers = stamps.map((stamp) => new StampServer(stamp, router, tls, host, admin));

  const stop = async () => {
    jobs.stopAll();
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (const [i, server] of servers.entries()) {
      const spec = specs[i];
      await server.start(spec.port, spec.adminPort ?? (spec.port === 0 ? 0 : spec.port + 1000));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const view: SimStamp[] = stamps.map((s) => ({
    name: s.name,
    url: s.url,
    port: s.port,
    location: s.location,
    subscriptionId: s.subscriptionId,
    adminUrl: s.adminUrl,
    adminPort: s.adminPort,
  }));
  return {
    stamps: view,
    caPem: tls.caPem,
    caPath: tls.caPath,
    stop,
    stamp(name: string): SimStamp {
      const found = view.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (!found) throw new Error(`no simulated stamp named '${name}'`);
      return found;
    },
  };
}

import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { AccessToken, TokenCredential } from '@azure/core-auth';
import { PipelinePolicy } from '@azure/core-rest-pipeline';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimStamp, StampSim, StampSimOptions, startStampSim } from '../../apps/stamp-sim/src';

// Helpers shared by the simulator's end-to-end suites: a simulator on ephemeral ports,
// raw HTTPS calls that trust its CA, and Azure SDK clients pinned to the
// 2020-09-01-hybrid api-versions the way the Twinsite gateway pins them.

export interface TestSim {
  sim: StampSim;
  a: SimStamp;
  b: SimStamp;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestSim(options: Partial<StampSimOptions> = {}): Promise<TestSim> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stamp-sim-test-'));
  const sim = await startStampSim({
    dataDir,
    stamps: [
      { name: 'stamp-a', port: 0, location: 'east' },
      { name: 'stamp-b', port: 0, location: 'west' },
    ],
    ...options,
  });
  return {
    sim,
    a: sim.stamp('stamp-a'),
    b: sim.stamp('stamp-b'),
    dataDir,
    stop: async () => {
      await sim.stop();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

export interface RawOptions {
  body?: unknown;
  /** null: no Authorization header */
  token?: string | null;
  contentType?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  ca?: string;
}

/** One HTTPS call on a fresh connection (so faults that close sockets are observed). */
export function raw(url: string, method: string, options: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? 'test-token'}`;
    if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    const req = https.request(url, { method, ca: options.ca ?? currentCa, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    if (options.timeoutMs) {
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })),
      );
    }
    req.on('error', reject);
    req.end(payload);
  });
}

let currentCa = '';

/** Raw calls trust this CA from now on (each suite runs in its own module registry). */
export function trustCa(caPem: string): void {
  currentCa = caPem;
}

export function arm(
  stamp: SimStamp,
  method: string,
  pathAndQuery: string,
  options: RawOptions = {},
): Promise<RawResponse> {
  return raw(`${stamp.url}${pathAndQuery}`, method, options);
}

export function admin(
  stamp: SimStamp,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  contentType?: string,
) {
  return raw(`${stamp.adminUrl}/_sim${pathAndQuery}`, method, { body, contentType, token: null });
}

export function subPath(stamp: SimStamp): string {
  return `/subscriptions/${stamp.subscriptionId}`;
}

export async function createResourceGroup(stamp: SimStamp, name: string): Promise<void> {
  const res = await arm(stamp, 'PUT', `${subPath(stamp)}/resourcegroups/${name}?api-version=2019-10-01`, {
    body: { location: stamp.location },
  });
  if (res.status >= 300) throw new Error(`creating resource group ${name}: ${res.status} ${res.text}`);
}

/** The api-version the 2020-09-01-hybrid profile uses for the resource type a URL addresses. */
export function hybridApiVersion(url: string): string | undefined {
  const p = new URL(url).pathname.toLowerCase();
  if (/\/providers\/microsoft\.compute\/(disks|snapshots)(\/|$)/.test(p)) return '2019-07-01';
  if (p.includes('/providers/microsoft.compute/')) return '2020-06-01';
  if (p.includes('/providers/microsoft.network/')) return '2018-11-01';
  if (p.includes('/resourcegroups')) return '2019-10-01';
  return undefined;
}

export function hybridApiVersionPolicy(): PipelinePolicy {
  return {
    name: 'hybridApiVersion',
    sendRequest(request, next) {
      const version = hybridApiVersion(request.url);
      if (version) {
        const url = new URL(request.url);
        url.searchParams.set('api-version', version);
        request.url = url.toString();
      }
      return next(request);
    },
  };
}

/** Trusts the simulator's CA for one client only: a per-call policy that sets the agent. */
export function trustPolicy(caPem: string): PipelinePolicy {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  return {
    name: 'trustSimulatorCa',
    sendRequest(request, next) {
      request.agent = agent;
      return next(request);
    },
  };
}

export const staticCredential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'static-test-token', expiresOnTimestamp: Date.now() + 3600_000 };
  },
};

interface ClientOptions {
  hybrid?: boolean;
  maxRetries?: number;
  credential?: TokenCredential;
  extraPolicies?: PipelinePolicy[];
}

function clientOptions(stamp: SimStamp, caPem: string, options: ClientOptions) {
  const policies = [
    trustPolicy(caPem),
    ...(options.hybrid === false ? [] : [hybridApiVersionPolicy()]),
    ...(options.extraPolicies ?? []),
  ];
  return {
    endpoint: stamp.url,
    $host: stamp.url,
    credentialScopes: [`${stamp.url}/.default`],
    retryOptions: { maxRetries: options.maxRetries ?? 0 },
    additionalPolicies: policies.map((policy) => ({ policy, position: 'perCall' as const })),
  };
}

export function computeClient(
  t: TestSim,
  stamp: SimStamp,
  options: ClientOptions = {},
): ComputeManagementClient {
  return new ComputeManagementClient(
    options.credential ?? staticCredential,
    stamp.subscriptionId,
    clientOptions(stamp, t.sim.caPem, options),
  );
}

export function networkClient(
  t: TestSim,
  stamp: SimStamp,
  options: ClientOptions = {},
): NetworkManagementClient {
  return new NetworkManagementClient(
    options.credential ?? staticCredential,
    stamp.subscriptionId,
    clientOptions(stamp, t.sim.caPem, options),
  );
}

/** Fast polling for SDK long-running operations. */
export const poll = { updateIntervalInMs: 10 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  stepMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(stepMs);
  }
}

import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { startStampSim, SimStamp, StampSim } from '@twinsite/stamp-sim';
import type { SiteConnection } from '@twinsite/core';

// The stamp simulator for end-to-end suites: two stamps on ephemeral ports (each suite
// its own, with its own CA), site connections pointing at them, and the admin API.

export interface SimHarness {
  sim: StampSim;
  a: SimStamp;
  b: SimStamp;
  stop(): Promise<void>;
}

export async function startSim(): Promise<SimHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-azure-e2e-'));
  const sim = await startStampSim({
    dataDir,
    stamps: [
      { name: 'stamp-a', port: 0, location: 'east' },
      { name: 'stamp-b', port: 0, location: 'west' },
    ],
  });
  return {
    sim,
    a: sim.stamp('stamp-a'),
    b: sim.stamp('stamp-b'),
    stop: async () => {
      await sim.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function siteFor(
  sim: StampSim,
  stamp: SimStamp,
  overrides: Partial<SiteConnection> = {},
): SiteConnection {
  return {
    siteId: `site-${stamp.name}`,
    armEndpoint: stamp.url,
    subscriptionId: stamp.subscriptionId,
    tenantId: 'adfs',
    clientId: 'twinsite-e2e',
    clientSecret: 'e2e-secret',
    caCertificate: sim.caPem,
    apiProfile: '2020-09-01-hybrid',
    location: stamp.location,
    ...overrides,
  };
}

export async function admin<T = any>(
  sim: StampSim,
  stamp: SimStamp,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<T> {
  const url = new URL(`/_sim${pathAndQuery}`, stamp.adminUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: sim.caPem,
        agent: false,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  if (status >= 400) throw new Error(`${method} ${url.pathname} answered ${status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  path: string;
  apiVersion: string | null;
  status: number | null;
  outcome?: string;
}

export async function requestLog(sim: StampSim, stamp: SimStamp, since?: number): Promise<LoggedRequest[]> {
  const query = since === undefined ? '' : `?since=${since}`;
  return (await admin<{ requests: LoggedRequest[] }>(sim, stamp, 'GET', `/requests${query}`)).requests;
}

export async function lastSeq(sim: StampSim, stamp: SimStamp): Promise<number> {
  return (await admin<{ lastSeq: number }>(sim, stamp, 'GET', '/requests')).lastSeq;
}


import * as https from 'node:https';
import { SiteConnection } from '@twinsite/core/ports/arm-gateway';
import { AzureArmGateway } from './azure-arm-gateway';

/** What the benchmark needs of a running stamp simulator (its handle satisfies this). */
export interface BenchSim {
  stamps: ReadonlyArray<{ name: string; url: string; location: string; subscriptionId: string }>;
  caPem: string;
}

export interface BenchResult {
  calls: number;
  gatewayMsPerCall: number;
  rawMsPerCall: number;
  overheadMs: number;
}

/**
 * What the gateway's layers (api-version rewrite, retry/breaker/bulkhead, metrics,
 * SDK serialisation) cost per call: the same GET (a location's VM sizes) through the
 * gateway and through a bare keep-alive `https.request` with the same token, one call at
 * a time so the numbers are latencies, not throughput.
 */
export async function benchGatewayOverhead(
  sim: BenchSim,
  options: { calls?: number; warmup?: number; stamp?: string } = {},
): Promise<BenchResult> {
  const calls = options.calls ?? 300;
  const warmup = options.warmup ?? 20;
  const stamp = options.stamp ? sim.stamps.find((s) => s.name === options.stamp) : sim.stamps[0];
  if (!stamp) throw new Error(`no stamp ${options.stamp ?? ''} in the simulator`);
  const site: SiteConnection = {
    siteId: `bench-${stamp.name}`,
    armEndpoint: stamp.url,
    subscriptionId: stamp.subscriptionId,
    tenantId: 'adfs',
    clientId: 'twinsite-bench',
    clientSecret: 'twinsite-bench-secret',
    caCertificate: sim.caPem,
    apiProfile: '2020-09-01-hybrid',
    location: stamp.location,
  };
  const gateway = new AzureArmGateway();
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: sim.caPem });
  try {
    const token = await fetchToken(stamp.url, site, agent);
    const path =
      `/subscriptions/${stamp.subscriptionId}/providers/Microsoft.Compute/locations/${encodeURIComponent(stamp.location)}` +
      '/vmSizes?api-version=2020-06-01';
    const raw = () => rawGet(new URL(path, stamp.url), token, agent);
    const viaGateway = () => gateway.vmSizes(site).then(() => undefined);

    for (let i = 0; i < warmup; i++) {
      await viaGateway();
      await raw();
    }
    const gatewayMs = await timeSequential(calls, viaGateway);
    const rawMs = await timeSequential(calls, raw);
    const gatewayMsPerCall = gatewayMs / calls;
    const rawMsPerCall = rawMs / calls;
    return { calls, gatewayMsPerCall, rawMsPerCall, overheadMs: gatewayMsPerCall - rawMsPerCall };
  } finally {
    gateway.onModuleDestroy();
    agent.destroy();
  }
}

async function timeSequential(calls: number, fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return performance.now() - started;
}

function request(
  url: URL,
  init: https.RequestOptions,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, init, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function rawGet(url: URL, token: string, agent: https.Agent): Promise<void> {
  const res = await request(url, {
    method: 'GET',
    agent,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  if (res.status !== 200)
    throw new Error(`raw GET ${url.pathname} answered ${res.status}: ${res.text.slice(0, 200)}`);
  JSON.parse(res.text);
}

async function fetchToken(armUrl: string, site: SiteConnection, agent: https.Agent): Promise<string> {
  const meta = await request(new URL('/metadata/endpoints?api-version=2015-01-01', armUrl), {
    method: 'GET',
    agent,
  });
  const endpoints = JSON.parse(meta.text) as {
    authentication: { loginEndpoint: string; audiences: string[] };
  };
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: site.clientId,
    client_secret: site.clientSecret,
    scope: `${endpoints.authentication.audiences[0]}/.default`,
    resource: endpoints.authentication.audiences[0],
  }).toString();
  const tokenUrl = new URL(`${endpoints.authentication.loginEndpoint.replace(/\/+$/, '')}/oauth2/token`);
  const res = await request(
    tokenUrl,
    {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(form),
      },
    },
    form,
  );
  const token = (JSON.parse(res.text) as { access_token?: string }).access_token;
  if (!token) throw new Error(`no token from ${tokenUrl.href}: ${res.status} ${res.text.slice(0, 200)}`);
  return token;
}

import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { startStampSim } from './index';

// How many ARM operations per second one simulated stamp sustains: concurrent clients on
// keep-alive HTTPS connections doing what a controller does most (reads), mixed with
// NSG creates and deletes (each a long-running operation). Client and server share
// this process, so the figure is a floor for the simulator alone.

export interface BenchOptions {
  durationMs?: number;
  concurrency?: number;
}

export interface BenchResult {
  opsPerSecond: number;
  operations: number;
  reads: number;
  writes: number;
  errors: number;
  durationMs: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
}

interface Reply {
  status: number;
}

function request(
  agent: https.Agent,
  ca: string,
  url: string,
  method: string,
  body?: unknown,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      url,
      {
        method,
        agent,
        ca,
        headers: {
          Authorization: 'Bearer bench',
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchSimulator(options: BenchOptions = {}): Promise<BenchResult> {
  const durationMs = options.durationMs ?? 5000;
  const concurrency = options.concurrency ?? 32;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stamp-sim-bench-'));
  const sim = await startStampSim({ dataDir, stamps: [{ name: 'bench', port: 0, location: 'east' }] });
  const stamp = sim.stamps[0];
  const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency, ca: sim.caPem });
  try {
    // A budget no benchmark reaches: this measures the simulator, not its throttling.
    await request(agent, sim.caPem, `${stamp.adminUrl}/_sim/faults`, 'POST', {
      throttle: { reads: 1e12, writes: 1e12, windowSeconds: 3600 },
    });
    const base = `${stamp.url}/subscriptions/${stamp.subscriptionId}/resourceGroups/bench`;
    await request(agent, sim.caPem, `${base}?api-version=2019-10-01`, 'PUT', { location: 'east' });
    const nsgUrl = (name: string) =>
      `${base}/providers/Microsoft.Network/networkSecurityGroups/${name}?api-version=2018-11-01`;
    const nsgBody = {
      location: 'east',
      properties: {
        securityRules: [
          {
            name: 'allow-https',
            properties: {
              priority: 100,
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              destinationPortRange: '443',
            },
          },
        ],
      },
    };
    const fixed = Array.from({ length: 20 }, (_, i) => `bench-nsg-${i}`);
    for (const name of fixed) await request(agent, sim.caPem, nsgUrl(name), 'PUT', nsgBody);

    const latencies: number[] = [];
    let reads = 0;
    let writes = 0;
    let errors = 0;
    const started = Date.now();
    const deadline = started + durationMs;
    const worker = async (id: number) => {
      let n = 0;
      let pending: string | undefined;
      while (Date.now() < deadline) {
        const roll = n++ % 10;
        let method = 'GET';
        let url = nsgUrl(fixed[(id + n) % fixed.length]);
        let body: unknown;
        if (roll === 3 && !pending) {
          pending = `bench-w${id}-${n}`;
          method = 'PUT';
          url = nsgUrl(pending);
          body = nsgBody;
        } else if (roll === 7 && pending) {
          method = 'DELETE';
          url = nsgUrl(pending);
          pending = undefined;
        }
        const t0 = process.hrtime.bigint();
        try {
          const reply = await request(agent, sim.caPem, url, method, body);
          if (reply.status >= 400) errors++;
        } catch {
          errors++;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (method === 'GET') reads++;
        else writes++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
    const elapsed = Date.now() - started;
    latencies.sort((x, y) => x - y);
    const operations = reads + writes;
    return {
      opsPerSecond: Math.round((operations / elapsed) * 1000),
      operations,
      reads,
      writes,
      errors,
      durationMs: elapsed,
      concurrency,
      p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
      p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
    };
  } finally {
    agent.destroy();
    await sim.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchSimulator().then(
    (result) => console.table([result]),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

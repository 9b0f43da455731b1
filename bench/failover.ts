import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AzureArmGateway } from '@twinsite/azure';
import { criticalPathLowerBoundMs } from '@twinsite/core';
import { FailoverWorker } from '@twinsite/failover';
import { startEmbeddedPostgres } from '@twinsite/shared';
import { ADMIN_TOKEN, startController } from '../test/support/controller';
import { admin as simAdmin, startSim } from '../test/support/sim';
import {
  freeTcpPort,
  inState,
  registerEstate,
  runChaosTrials,
  seedEstate,
  TwinsiteApi,
  waitForRun,
} from '../scripts/chaos';
import { BenchRow, ms } from './bench-table';

const VMS = 100;
const GROUPS = 10;
const PER_SITE_CONCURRENCY = 10;

/** Fixed latencies of the operations a VM's failover waits for (the simulator's `operationLatencyMs`). */
const LATENCY_MS = {
  'PUT disks': 1000,
  'PUT publicIPAddresses': 1000,
  'PUT networkInterfaces': 1000,
  'PUT virtualMachines': 2000,
};

/**
 * The failover engine against the simulator: a plan of 100 VMs in 10 groups of 10,
 * every long-running operation with a fixed latency. The run's time is compared with
 * the critical-path lower bound those latencies allow (per VM: its disks and public IP
 * in parallel, then its NIC, then the VM; groups one after another; 10 VMs of a group at
 * once). Also: ARM calls per VM, the peak of concurrent ARM calls at the target, and
 * how long a controller killed mid-run takes, from its restart, to run the next step.
 */
export async function benchFailover(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-bench-failover-'));
  fs.chmodSync(dir, 0o777);
  const pg = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: path.join(dir, 'pg'),
        port: await freeTcpPort(),
        persistent: false,
        database: 'postgres',
      });
  const serverUrl = process.env.DATABASE_URL ?? pg!.url;
  const database = async (name: string) => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const suffix = crypto.randomBytes(3).toString('hex');
  try {
    const rows = await benchRun(await database(`bench_failover_${suffix}`));
    rows.push(...(await benchResume(await database(`bench_resume_${suffix}`))));
    return rows;
  } finally {
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchRun(databaseUrl: string): Promise<BenchRow[]> {
  const sim = await startSim();
  // A short first poll: the simulator's Retry-After then lands each poll on the operation's end.
  const ctl = await startController({
    databaseUrl,
    armGateway: { lroPollIntervalMs: 20, provisioningPollMs: 100, resilience: { requestTimeoutMs: 10_000 } },
  });
  try {
    const worker = ctl.app.get(FailoverWorker);
    worker.options.perSiteConcurrency = PER_SITE_CONCURRENCY;
    worker.enable();
    const gateway = ctl.app.get(AzureArmGateway);
    const api = new TwinsiteApi(ctl.url, ADMIN_TOKEN);
    const seeded = await seedEstate(sim, { vms: VMS, dbVms: 0, replicationIntervalSeconds: 3600, keep: 3 });
    const estate = await registerEstate(api, sim, seeded, {
      vms: VMS,
      groups: (ids) =>
        Array.from({ length: GROUPS }, (_, g) => ({
          name: `group-${g + 1}`,
          pairIds: ids.slice(g * (VMS / GROUPS), (g + 1) * (VMS / GROUPS)),
        })),
    });
    await simAdmin(sim.sim, sim.b, 'POST', '/faults', { operationLatencyMs: LATENCY_MS });

    const callsBefore = gateway.callCount;
    gateway.metrics.resetPeaks();
    const started = await api.ok(
      'POST',
      `/plans/${estate.planId}/failovers`,
      { kind: 'test', confirm: estate.planName, acceptWarnings: true },
      [202],
    );
    const run = await waitForRun(api, started.id, inState('failed-over', 'failed'), 600_000, 'failed-over');
    if (run.state !== 'failed-over') throw new Error(`the benchmark run ended ${run.state}`);
    // The engine's time: from the run's creation (preflight passed) to failed-over. Preflight is reported apart.
    const elapsedMs = Date.parse(run.failedOverAt) - Date.parse(run.createdAt);
    if (process.env.BENCH_DEBUG) {
      const t0 = Date.parse(run.createdAt);
      for (const s of run.steps) if (s.kind !== 'recover-vm' || s.seq % 10 === 2) process.stderr.write(`${s.seq} ${s.kind} ${s.group} ${Date.parse(s.startedAt) - t0}..${Date.parse(s.endedAt) - t0} attempts=${s.attempts}\n`);
      const byGroup = new Map<number, number[]>();
      for (const s of run.steps.filter((x: any) => x.kind === 'recover-vm')) {
        const g = byGroup.get(s.groupIndex) ?? [Infinity, 0];
        byGroup.set(s.groupIndex, [Math.min(g[0], Date.parse(s.startedAt) - t0), Math.max(g[1], Date.parse(s.endedAt) - t0)]);
      }
      for (const [g, [a, b]] of byGroup) process.stderr.write(`group ${g}: ${a}..${b} (${b - a} ms)\n`);
    }
    const preflightMs = Date.parse(run.createdAt) - Date.parse(run.requestedAt);
    const calls = gateway.callCount - callsBefore;
    const peak = gateway.siteStats(estate.siteB).peakInFlight;

    const vmOps = [
      Math.max(LATENCY_MS['PUT disks'], LATENCY_MS['PUT publicIPAddresses']),
      LATENCY_MS['PUT networkInterfaces'],
      LATENCY_MS['PUT virtualMachines'],
    ];
    const boundMs = criticalPathLowerBoundMs(
      Array.from({ length: GROUPS }, () => ({
        members: Array.from({ length: VMS / GROUPS }, () => ({ opsMs: vmOps })),
        beforeMs: 0,
        afterMs: 0,
      })),
      PER_SITE_CONCURRENCY,
    );
    const ratio = elapsedMs / boundMs;
    return [
      { area: 'failover', measure: `preflight of ${VMS} VMs (both sites read)`, value: ms(preflightMs) },
      {
        area: 'failover',
        measure: `test failover of ${VMS} VMs (${GROUPS} groups of ${VMS / GROUPS}), run start to failed-over`,
        value: ms(elapsedMs),
      },
      {
        area: 'failover',
        measure: 'critical-path lower bound from the operation latencies',
        value: ms(boundMs),
      },
      { area: 'failover', measure: 'run time / lower bound', value: ratio.toFixed(3), goal: '≤ 1.15' },
      {
        area: 'failover',
        measure: 'ARM calls per VM (preflight, ensures, LRO polls)',
        value: (calls / VMS).toFixed(1),
      },
      { area: 'failover', measure: 'peak concurrent ARM calls at the target site', value: String(peak) },
    ];
  } finally {
    await ctl.close();
    await sim.stop();
  }
}

/** The built controller killed mid-run: restart to the next step running (startup, plus the dead owner's lease running out). */
async function benchResume(databaseUrl: string): Promise<BenchRow[]> {
  const sim = await startSim();
  try {
    const results = await runChaosTrials({
      trials: 3,
      databaseUrl,
      sim,
      killsPerTrial: 1,
      operationLatencyMs: 500,
      log: () => undefined,
    });
    const resumes = results.flatMap((r) => r.resumeMs).sort((a, b) => a - b);
    if (results.some((r) => !r.ok))
      throw new Error(`a resume trial failed: ${results.flatMap((r) => r.problems).join('; ')}`);
    return [
      {
        area: 'failover',
        measure: `after SIGKILL: restart to next step running (median of ${resumes.length}; lease 3 s)`,
        value: resumes.length ? ms(resumes[Math.floor(resumes.length / 2)]) : 'n/a',
      },
    ];
  } finally {
    await sim.stop();
  }
}

if (require.main === module) {
  benchFailover().then(
    (rows) => {
      for (const r of rows) console.log(`${r.measure}: ${r.value}${r.goal ? ` (goal ${r.goal})` : ''}`);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, lastSeq, requestLog, SimHarness, startSim } from '../support/sim';
import {
  ControllerProcess,
  createdTwice,
  inState,
  killHard,
  mutationsPerResource,
  registerEstate,
  runChaosTrials,
  seedEstate,
  spawnControllerProcess,
  TwinsiteApi,
  waitForRun,
} from '../../scripts/chaos';

// The built controller runs as a child process here (as in production), so that it can
// be killed with SIGKILL and paused with SIGSTOP. `npm test` builds it first.

describe('crash safety (controller killed with SIGKILL)', () => {
  let databaseUrl: string;
  let sim: SimHarness;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('twinsite_chaos');
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.stop();
    await dropTestDatabase(databaseUrl);
  });

  it('after every restart the run completes, nothing was created twice and no orphan is left (3 trials; npm run chaos runs 20)', async () => {
    const results = await runChaosTrials({
      trials: 3,
      databaseUrl,
      sim,
      operationLatencyMs: 400,
      log: () => undefined,
    });
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(results.reduce((n, r) => n + r.kills, 0)).toBeGreaterThan(0);
  }, 240_000);
});

describe('a paused owner (SIGSTOP past its lease, then SIGCONT)', () => {
  let databaseUrl: string;
  let sim: SimHarness;
  let a: ControllerProcess | undefined;
  let b: ControllerProcess | undefined;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('twinsite_pause');
    sim = await startSim();
  });
  afterAll(async () => {
    if (a?.child.pid) process.kill(a.child.pid, 'SIGCONT');
    for (const p of [a, b]) if (p) await killHard(p);
    await sim?.stop();
    await dropTestDatabase(databaseUrl);
  });

  it('commits nothing with its stale epoch and never sends a second mutating call for a resource', async () => {
    const seeded = await seedEstate(sim, { vms: 2, dbVms: 0, replicationIntervalSeconds: 1 });
    // The VM create takes 5 s at the target: long enough to pause its owner in the middle of it.
    await simAdmin(sim.sim, sim.b, 'POST', '/faults', {
      operationLatencyMs: { 'PUT virtualMachines': 5000 },
    });
    a = await spawnControllerProcess(databaseUrl);
    const estate = await registerEstate(new TwinsiteApi(a.url), sim, seeded, { vms: 2 });
    const seq = await lastSeq(sim.sim, sim.b);
    const run = await new TwinsiteApi(a.url).ok(
      'POST',
      `/plans/${estate.planId}/failovers`,
      { kind: 'test', confirm: estate.planName, acceptWarnings: true },
      [202],
    );

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // Pause A once a VM create has been accepted by ARM and its operation persisted.
      for (;;) {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM failover_steps WHERE run_id = $1 AND kind = 'recover-vm' AND progress->'lro' ? 'vm'`,
          [run.id],
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      process.kill(a.child.pid!, 'SIGSTOP');
      const pausedAt = Date.now();

      b = await spawnControllerProcess(databaseUrl);
      const done = await waitForRun(
        new TwinsiteApi(b.url),
        run.id,
        inState('failed-over', 'failed'),
        60_000,
        'failed-over',
      );
      expect(done.state).toBe('failed-over');
      expect(Date.now() - pausedAt).toBeGreaterThan(3000); // past A's lease

      process.kill(a.child.pid!, 'SIGCONT');
      // A wakes up, finds its lease gone at its next action, and stops.
      let metrics = '';
      for (
        let i = 0;
        i < 50 &&
        !/twinsite_failover_step_outcomes_total\{kind="recover-vm",outcome="lease-lost"\} [1-9]/.test(
          metrics,
        );
        i++
      ) {
        await new Promise((r) => setTimeout(r, 200));
        metrics = await fetch(`${a.url}/metrics`)
          .then((r) => r.text())
          .catch(() => '');
      }
      expect(metrics).toMatch(
        /twinsite_failover_step_outcomes_total\{kind="recover-vm",outcome="lease-lost"\} [1-9]/,
      );

      // Every commit of every step carries an epoch no older than the one before it.
      const { rows: journal } = await db.query(
        `SELECT step_id, epoch::int AS epoch, instance, event FROM failover_step_journal WHERE run_id = $1 ORDER BY id`,
        [run.id],
      );
      const latest = new Map<string, number>();
      for (const entry of journal) {
        expect(entry.epoch).toBeGreaterThanOrEqual(latest.get(entry.step_id) ?? 0);
        latest.set(entry.step_id, entry.epoch);
      }
      // The step A held was taken over by B (epoch 2) and finished by B alone.
      const reclaimed = journal.filter((e) => e.event === 'claim' && e.epoch === 2);
      expect(reclaimed.length).toBeGreaterThan(0);
      for (const claim of reclaimed) {
        const later = journal.slice(journal.indexOf(claim));
        expect(
          later.filter((e) => e.step_id === claim.step_id).map((e) => [e.epoch, e.instance, e.event]),
        ).toEqual([
          [2, claim.instance, 'claim'],
          [2, claim.instance, 'finish'],
        ]);
      }
    } finally {
      await db.end();
    }

    const log = await requestLog(sim.sim, sim.b, seq);
    expect(createdTwice(log)).toEqual([]);
    expect([...mutationsPerResource(log).entries()].filter(([, n]) => n > 1)).toEqual([]);
  }, 120_000);
});

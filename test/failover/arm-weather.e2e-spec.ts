import * as crypto from 'node:crypto';
import { admin as simAdmin, lastSeq, LoggedRequest, requestLog } from '../support/sim';
import { createdTwice, mutationsPerResource } from '../../scripts/chaos';
import { FailoverHarness, startFailoverHarness } from './harness';

/**
 * A half-dead ARM: throttling storms, 5xx, an operation that keeps failing, a response
 * lost after ARM applied the request. Runs ride out what is weather, stop plainly on
 * what is not, and never make anything twice.
 */
describe('failovers in bad ARM weather', () => {
  let h: FailoverHarness;
  const plans: Record<string, { id: string; name: string }> = {};

  const plan = async (label: string, groups: string[][]) => {
    const name = `${label}-${crypto.randomBytes(3).toString('hex')}`;
    const created = await h.api.ok('POST', '/plans', {
      name,
      applicationId: h.estate.applicationId,
      groups: groups.map((pairIds, i) => ({ name: `g${i + 1}`, pairIds })),
    });
    plans[label] = { id: created.id, name };
  };
  const start = async (label: string) => {
    const answer = await h.start(
      { confirm: plans[label].name, acceptWarnings: true },
      crypto.randomUUID(),
      plans[label].id,
    );
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  const cleanUp = async (runId: string) => {
    await h.api.ok('POST', `/failovers/${runId}/cleanup`, {});
    expect((await h.waitFor(runId, 'cleaned-up', 'cleanup-failed')).state).toBe('cleaned-up');
  };
  const faults = (body: unknown) => simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', body);

  beforeAll(async () => {
    h = await startFailoverHarness({ vms: 4, dbVms: 1 });
    const [p1, p2, p3, p4] = h.estate.pairIds;
    await plan('storm', [[p1, p2]]);
    await plan('failing', [[p3], [p4]]);
    await plan('bystander', [[p1]]);
    await plan('dropped', [[p2]]);
    await plan('skippable', [[p1], [p4]]);
  });
  afterEach(async () => {
    await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults');
  });
  afterAll(async () => h?.stop());

  it('rides out a throttling storm and a 5xx rate, never retrying before the Retry-After it was given', async () => {
    const seq = await lastSeq(h.sim.sim, h.sim.b);
    // Low enough that a run is throttled however slowly it goes (a loaded CI box spreads its calls out).
    await faults({
      throttle: { reads: 8, writes: 3, windowSeconds: 2, retryAfterSeconds: 1 },
      errorRate: 0.15,
    });
    const runId = await start('storm');
    const run = await h.waitFor(runId, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');

    const log = await requestLog(h.sim.sim, h.sim.b, seq);
    const throttled = log.filter((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(log.filter((e) => e.status === 500 || e.status === 503).length).toBeGreaterThan(0);
    // After a 429 naming 1 s, the same call came back no sooner than 1 s later.
    for (const refusal of throttled) {
      const next = log.find(
        (e) => e.seq > refusal.seq && e.method === refusal.method && e.path === refusal.path,
      );
      if (next) expect(Date.parse(next.time) - Date.parse(refusal.time)).toBeGreaterThanOrEqual(1000);
    }
    expect(createdTwice(log)).toEqual([]);
    await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults');
    await cleanUp(runId);
  });

  it('refuses a drill while an earlier drill still holds its addresses in the test network', async () => {
    const first = await start('dropped');
    await h.waitFor(first, 'failed-over');
    const second = await h.start(
      { confirm: plans.storm.name, acceptWarnings: true },
      crypto.randomUUID(),
      plans.storm.id,
    );
    expect(second.status).toBe(409);
    expect(second.body.error.details.findings).toEqual([
      expect.objectContaining({
        code: 'static-ip-in-use',
        message: expect.stringContaining(`drill ${first}`),
      }),
    ]);
    await cleanUp(first);
  });

  let failingRun: string;
  let failedStep: any;

  it('stops a run whose operation keeps failing as failed, with a clear error, while another run goes on', async () => {
    await faults({
      failOperation: [
        {
          method: 'PUT',
          pathContains: '/virtualMachines/vm-003',
          status: 409,
          code: 'OperationNotAllowed',
          message: 'Operation results in exceeding quota limits of Core.',
        },
      ],
    });
    failingRun = await start('failing');
    const bystander = await start('bystander');
    const failed = await h.waitFor(failingRun, 'failed');
    failedStep = failed.steps.find((s: any) => s.state === 'failed');
    expect(failedStep).toMatchObject({
      kind: 'recover-vm',
      pairId: h.estate.pairIds[2],
      error: { code: 'arm:OperationNotAllowed', transient: false },
    });
    expect(failedStep.error.message).toContain('exceeding quota limits of Core');
    expect(failed.steps.find((s: any) => s.pairId === h.estate.pairIds[3]).state).toBe('pending');
    expect(failed.allowedActions).toEqual(['retry', 'skip', 'cancel']);
    expect((await h.waitFor(bystander, 'failed-over', 'failed')).state).toBe('failed-over');
    await cleanUp(bystander);
  });

  it('after the fault is lifted, retry re-runs only that step (from where it stopped) and those after it', async () => {
    const seq = await lastSeq(h.sim.sim, h.sim.b);
    const retried = await h.api.ok('POST', `/failovers/${failingRun}/steps/${failedStep.id}/retry`, {});
    expect(retried.state).toBe('running');
    const run = await h.waitFor(failingRun, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    const step = run.steps.find((s: any) => s.id === failedStep.id);
    expect(step).toMatchObject({ state: 'succeeded', attempts: 2, error: null });
    const writes = [...mutationsPerResource(await requestLog(h.sim.sim, h.sim.b, seq)).keys()];
    // The disks and NIC made before the failure were not made again; the VM and the next group's VM were.
    expect(writes.filter((p) => p.includes('vm-003'))).toEqual([
      expect.stringMatching(/virtualmachines\/vm-003$/),
    ]);
    expect(writes.some((p) => p.includes('vm-004'))).toBe(true);
    expect(run.steps.every((s: any) => s.id === failedStep.id || s.attempts === 1)).toBe(true);
    await cleanUp(failingRun);
  });

  it('lets an operator skip a failed step, with a reason, and the run goes on without it', async () => {
    await faults({
      failOperation: [
        {
          method: 'PUT',
          pathContains: '/virtualMachines/vm-001',
          status: 400,
          code: 'InvalidParameter',
          message: 'The image is corrupt.',
        },
      ],
    });
    const runId = await start('skippable');
    const failed = await h.waitFor(runId, 'failed');
    const step = failed.steps.find((s: any) => s.state === 'failed');
    const skipped = await h.api.ok('POST', `/failovers/${runId}/steps/${step.id}/skip`, {
      reason: 'vm-001 is rebuilt by hand',
    });
    expect(skipped.steps.find((s: any) => s.id === step.id)).toMatchObject({
      state: 'skipped',
      skipReason: 'vm-001 is rebuilt by hand',
      skippedBy: skipped.requestedBy,
    });
    const run = await h.waitFor(runId, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    expect(
      run.steps.find((s: any) => s.pairId === h.estate.pairIds[3] && s.kind === 'recover-vm').state,
    ).toBe('succeeded');
    const audit = await h.api.ok('GET', `/audit?action=failover.skip&resourceId=${runId}`);
    expect(audit.items[0].change).toMatchObject({
      from: 'failed',
      to: 'running',
      note: 'vm-001 is rebuilt by hand',
      stepId: step.id,
    });
    await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults');
    await cleanUp(runId);
  });

  it('when a response is lost after ARM applied the PUT, exactly one resource exists and the step goes on', async () => {
    const seq = await lastSeq(h.sim.sim, h.sim.b);
    await faults({
      dropAfterApply: [
        { method: 'PUT', pathContains: '/networkInterfaces/vm-002-dr', times: 1 },
        { method: 'PUT', pathContains: '/virtualMachines/vm-002', times: 1 },
      ],
    });
    const runId = await start('dropped');
    const run = await h.waitFor(runId, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    const log: LoggedRequest[] = await requestLog(h.sim.sim, h.sim.b, seq);
    expect(
      log.filter((e) => e.outcome === 'dropped').map((e) => e.path.split('/').slice(-2).join('/')),
    ).toEqual(['networkInterfaces/vm-002-dr', 'virtualMachines/vm-002']);
    expect(createdTwice(log)).toEqual([]);
    const resources = await simAdmin<any>(h.sim.sim, h.sim.b, 'GET', '/resources');
    const all: any[] = Array.isArray(resources) ? resources : resources.resources;
    const mine = all.filter((r) => r.tags?.['twinsite-run'] === runId);
    expect(mine.filter((r) => /networkInterfaces\/vm-002-dr$/i.test(r.id))).toHaveLength(1);
    expect(mine.filter((r) => /virtualMachines\/vm-002$/i.test(r.id))).toHaveLength(1);
  });
});

import * as crypto from 'node:crypto';
import { admin as simAdmin } from '../support/sim';
import { inventoryOf, taggedWith } from '../../scripts/chaos';
import { SiteHarness, startSiteHarness } from './harness';

/**
 * A site of four protected applications and one that is not: readiness before any
 * drill, a site failover the target cannot hold all at once, a drill in which one plan
 * fails and is retried, its cleanup, and readiness after it.
 */
describe('site drills, capacity and readiness', () => {
  let h: SiteHarness;
  let before: unknown;

  beforeAll(async () => {
    h = await startSiteHarness([
      { name: 'erp', tier: 1, vms: 2, size: 'Standard_A2_v2' },
      { name: 'web', tier: 2, vms: 2, size: 'Standard_A2_v2' },
      { name: 'crm', tier: 3, vms: 2, size: 'Standard_A2_v2' },
      { name: 'billing', tier: 4, vms: 1, lagSource: 'agent' },
      { name: 'legacy', tier: 2, vms: 1, protection: 'backup-restore' },
    ]);
    await new Promise((r) => setTimeout(r, 1500)); // recovery points at stamp B
    before = await inventoryOf(h.api, h.estate.siteB);
  });
  afterAll(async () => h?.stop());

  const app = (name: string) => h.estate.apps.find((a) => a.spec.name === name)!;
  const readinessOf = async () => h.api.ok('GET', `/sites/${h.estate.siteA}/readiness`);

  it('readiness: never drilled says so, a pair beyond its RPO makes its application at risk, an unprotected one is named', async () => {
    await h.sampleLag();
    // The agent of billing's VM last reported a consistent point an hour ago.
    await h.api.ok('POST', `/pairs/${app('billing').pairIds[0]}/checkpoints`, {
      recoveryPointAt: new Date(Date.now() - 3600_000).toISOString(),
      consistency: 'application',
    });

    const r = await readinessOf();
    expect(r.siteId).toBe(h.estate.siteA);
    const byName = new Map(r.applications.map((a: any) => [a.applicationId, a]));
    const erp: any = byName.get(app('erp').id);
    expect(erp).toMatchObject({
      verdict: 'at-risk',
      reasons: ['never drilled'],
      lastDrill: null,
      protection: 'replication',
      optIn: true,
      wouldComeBack: true,
    });
    expect(erp.lag).toMatchObject({ withinRpo: true, rpoSeconds: 300, pairs: 2, unknownPairs: 0 });
    expect(erp.plans).toEqual([expect.objectContaining({ planId: app('erp').planId, ok: true, errors: [] })]);
    const billing: any = byName.get(app('billing').id);
    expect(billing.verdict).toBe('at-risk');
    expect(billing.reasons).toEqual([
      expect.stringMatching(/^lag 36\d\d s exceeds RPO 300 s$/),
      'never drilled',
    ]);
    expect(billing.lag.withinRpo).toBe(false);
    expect(byName.get(app('legacy').id)).toMatchObject({
      verdict: 'not-protected',
      reasons: ['protection is backup-restore, not replication'],
      wouldFailOver: false,
      notFailedOverReason: expect.stringContaining('backup-restore'),
    });
    expect(r.summary).toMatchObject({
      applications: 5,
      wouldFailOver: 4,
      wouldComeBack: 4,
      ready: 0,
      atRisk: 4,
      notProtected: 1,
      plans: 4,
      siteBlocked: false,
    });
    expect(r.summary.estimatedRtoSeconds).toBeNull();
    expect(r.summary.estimatedRto).toMatchObject({
      neverDrilledCount: 4,
      reason: '4 of 4 plans never drilled',
    });
    expect(r.summary.dataLossSeconds).toBeGreaterThanOrEqual(3600);
  });

  it('blocks a site failover the target can hold plan by plan but not all at once, naming the shortfall', async () => {
    const quota = await simAdmin(h.sim.sim, h.sim.b, 'GET', '/quota');
    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/quota', { cores: 10 });
    try {
      // Each plan needs at most 4 cores; together they need 13.
      for (const name of ['erp', 'web', 'crm', 'billing']) {
        expect(
          (
            await h.api.ok('POST', `/plans/${app(name).planId}/preflight`, { kind: 'test' }, [200])
          ).findings.filter((f: any) => f.severity === 'error'),
        ).toEqual([]);
      }
      const refused = await h.start({ acceptWarnings: true }, crypto.randomUUID());
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('preflight-failed');
      const shortfall = refused.body.error.details.findings.filter((f: any) => f.severity === 'error');
      expect(shortfall).toEqual([
        expect.objectContaining({ code: 'core-quota-combined', siteId: h.estate.siteB }),
      ]);
      expect(shortfall[0].message).toContain(`needs 13 cores at ${h.estate.siteBName}, 10 available`);
      expect((await h.api.ok('GET', `/site-failovers?siteId=${h.estate.siteA}`)).items).toEqual([]);
      const r = await readinessOf();
      expect(r.summary.siteBlocked).toBe(true);
      expect(r.summary.siteFindings.map((f: any) => f.code)).toEqual(['core-quota-combined']);
    } finally {
      await simAdmin(h.sim.sim, h.sim.b, 'POST', '/quota', { cores: quota.cores });
    }
  });

  it('a plan failing on a step does not stop the others; retry completes it; cleanup leaves the target exactly as before', async () => {
    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', {
      failOperation: [
        {
          method: 'PUT',
          pathContains: '/virtualMachines/web-02',
          status: 400,
          code: 'OperationNotAllowed',
          message: 'injected: the VM cannot be created',
        },
      ],
    });
    const started = await h.start({ acceptWarnings: true }, crypto.randomUUID());
    expect(started.status).toBe(202);
    const partial = await h.waitFor(started.body.id, 'partially-failed', 'failed', 'failed-over');
    expect(partial.state).toBe('partially-failed');
    expect(partial.runs.map((r: any) => [r.planName, r.state])).toEqual([
      [app('erp').planName, 'failed-over'],
      [app('web').planName, 'failed'],
      [app('crm').planName, 'failed-over'],
      [app('billing').planName, 'failed-over'],
    ]);
    expect(partial.runs[1].error).toMatchObject({
      code: 'arm:OperationNotAllowed',
      message: expect.stringContaining('injected'),
      step: expect.stringContaining('web-02'),
    });
    expect(partial.allowedActions).toEqual(['retry', 'cancel']);
    expect(partial.achievedRtoSeconds).toBeNull();
    // Still holds the site while a plan is failed.
    expect((await h.start({ acceptWarnings: true }, crypto.randomUUID())).status).toBe(409);

    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', { failOperation: [] });
    const retried = await h.api.ok('POST', `/site-failovers/${partial.id}/retry`, {}, [200]);
    expect(retried.state).toBe('running');
    const done = await h.waitFor(partial.id, 'failed-over', 'partially-failed', 'failed');
    expect(done.state).toBe('failed-over');
    expect(done.runs[1].runId).toBe(partial.runs[1].runId); // the same run, resumed from its failed step
    const webRun = await h.api.ok('GET', `/failovers/${done.runs[1].runId}`);
    expect(webRun.steps.filter((s: any) => s.kind === 'recover-vm').map((s: any) => s.state)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect(done.achievedRtoSeconds).toBeGreaterThan(0);
    expect(done.allowedActions).toEqual(['cleanup']);
    expect(done.active).toBe(false); // a drill that came up does not hold the site
    // ...but it is not over: it waits for its cleanup, and `ended=false` lists it for everyone to see.
    const listed = async (ended: boolean) =>
      (await h.api.ok('GET', `/site-failovers?siteId=${h.estate.siteA}&ended=${ended}`)).items.map(
        (x: any) => x.id,
      );
    expect(await listed(false)).toContain(done.id);
    expect(await listed(true)).not.toContain(done.id);

    const cleaning = await h.api.ok('POST', `/site-failovers/${done.id}/cleanup`, {}, [200]);
    expect(cleaning.state).toBe('cleaning-up');
    const cleaned = await h.waitFor(done.id, 'cleaned-up', 'cleanup-failed');
    expect(cleaned.state).toBe('cleaned-up');
    expect(await listed(false)).not.toContain(done.id);
    expect(await listed(true)).toContain(done.id);
    expect(cleaned.runs.map((r: any) => r.state)).toEqual([
      'cleaned-up',
      'cleaned-up',
      'cleaned-up',
      'cleaned-up',
    ]);
    for (const r of cleaned.runs) expect(await taggedWith(h.sim, h.sim.b, r.runId)).toEqual([]);
    expect(await inventoryOf(h.api, h.estate.siteB)).toEqual(before);
  }, 120_000);

  it('readiness after the drill: its achieved RTO and completed cleanup count, and the site RTO is estimated from the drills', async () => {
    await h.sampleLag();
    const r = await readinessOf();
    const erp = r.applications.find((a: any) => a.applicationId === app('erp').id);
    expect(erp).toMatchObject({
      verdict: 'ready',
      reasons: [],
      lastDrill: { cleanupCompleted: true, metRto: true, state: 'cleaned-up' },
    });
    const billing = r.applications.find((a: any) => a.applicationId === app('billing').id);
    expect(billing.reasons).toEqual([expect.stringMatching(/^lag \d+ s exceeds RPO 300 s$/)]);
    expect(r.summary).toMatchObject({ ready: 3, atRisk: 1, notProtected: 1, wouldComeBack: 4 });
    expect(r.summary.estimatedRtoSeconds).toBeGreaterThan(0);
    expect(r.summary.estimatedRto.neverDrilledCount).toBe(0);
  });
  it('cancel drops the queued plans, cancels the running one, and the drill can still be cleaned up', async () => {
    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', {
      operationLatencyMs: { 'PUT virtualMachines': 3000 },
    });
    try {
      const started = await h.start({ acceptWarnings: true, plansInFlight: 1 }, crypto.randomUUID());
      expect(started.status).toBe(202);
      const sfId = started.body.id;
      const running = await h.waitForRuns(sfId, (sf: any) => sf.runs[0].state === 'running');
      expect(running.runs.slice(1).map((r: any) => r.state)).toEqual(['queued', 'queued', 'queued']);
      const cancelling = await h.api.ok('POST', `/site-failovers/${sfId}/cancel`, { note: 'wrong button' }, [
        200,
      ]);
      expect(cancelling.state).toBe('cancelling');
      expect(cancelling.runs.slice(1).map((r: any) => r.state)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
      ]);
      const cancelled = await h.waitFor(sfId, 'cancelled');
      expect(cancelled.runs[0].state).toBe('cancelled');
      expect(cancelled.allowedActions).toEqual(['cleanup']);
      expect(cancelled.actions.map((a: any) => [a.action, a.note ?? null])).toEqual([
        ['start', null],
        ['cancel', 'wrong button'],
      ]);
      await h.api.ok('POST', `/site-failovers/${sfId}/cleanup`, {}, [200]);
      expect((await h.waitFor(sfId, 'cleaned-up', 'cleanup-failed')).state).toBe('cleaned-up');
      expect(await inventoryOf(h.api, h.estate.siteB)).toEqual(before);
    } finally {
      await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults');
    }
  }, 60_000);

  it('readiness with the target stamp unreachable: an error finding for every plan, not a 500', async () => {
    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', { down: 'refuse' });
    try {
      const answer = await h.api.request('GET', `/sites/${h.estate.siteA}/readiness`);
      expect(answer.status).toBe(200);
      const erp = answer.body.applications.find((a: any) => a.applicationId === app('erp').id);
      expect(erp.verdict).toBe('at-risk');
      expect(erp.plans[0].errors).toEqual([expect.objectContaining({ code: 'target-unreachable' })]);
      // (The newest drill is the cancelled one, which never came up: RecoveryService counts it, and so does readiness.)
      expect(erp.reasons).toEqual([
        'last drill did not reach a healthy state',
        expect.stringMatching(/^preflight: the target site cannot be read/),
      ]);
      expect(answer.body.summary.wouldComeBack).toBe(0);
    } finally {
      await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults');
    }
  });
});

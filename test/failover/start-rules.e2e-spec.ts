import * as crypto from 'node:crypto';
import { admin as simAdmin } from '../support/sim';
import { TwinsiteApi } from '../../scripts/chaos';
import { FailoverHarness, startFailoverHarness } from './harness';

/** What the API refuses before anything changes, and what it guarantees about starts. */
describe('starting failovers', () => {
  let h: FailoverHarness;

  beforeAll(async () => {
    // The approval keeps a started run active (waiting for an operator) for as long as the tests need.
    h = await startFailoverHarness({
      vms: 2,
      dbVms: 1,
      groups: (ids) => [{ name: 'all', pairIds: ids, before: [{ kind: 'manual-approval' }] }],
    });
  });
  afterAll(async () => {
    await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults').catch(() => undefined);
    await h?.stop();
  });

  it('preflight alone is a dry run: it says how each VM would come up, and starts nothing', async () => {
    const dry = await h.api.ok('POST', `/plans/${h.estate.planId}/preflight`, { kind: 'test' });
    expect(dry).toMatchObject({ ok: true, kind: 'test', recoveryPoint: 'latest', findings: [] });
    expect(dry.members.map((m: any) => [m.vmName, m.privateIp, m.size])).toEqual([
      ['vm-001', '10.1.2.10', 'Standard_A1_v2'],
      ['vm-002', '10.1.1.10', 'Standard_A1_v2'],
    ]);
    expect((await h.api.ok('GET', `/failovers?planId=${h.estate.planId}`)).items).toEqual([]);
  });

  it('looks for recovery points where the lag is measured: an arm-snapshot source without a resource group means anywhere at the target', async () => {
    // The simulator writes the recovery points in replica-rg; the pairs' target resource group is app-dr.
    // A static address lets an unplanned preflight (which never reads the source) place each VM.
    const before = await h.api.ok('POST', `/plans/${h.estate.planId}/preflight`, { kind: 'test' });
    const ipOf = new Map(before.members.map((m: any) => [m.pairId, m.privateIp]));
    for (const id of h.estate.pairIds) {
      const pair = await h.api.ok('GET', `/pairs/${id}`);
      await h.api.ok(
        'PATCH',
        `/pairs/${id}`,
        { lagSource: { kind: 'arm-snapshot' }, target: { ...pair.target, staticIp: ipOf.get(id) } },
        [200],
        { 'If-Match': `"${pair.version}"` },
      );
    }
    for (const kind of ['test', 'unplanned']) {
      const dry = await h.api.ok('POST', `/plans/${h.estate.planId}/preflight`, { kind });
      expect(dry.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
      expect(dry.members).toHaveLength(2);
      for (const m of dry.members)
        expect(Date.parse(m.expectedRecoveryPointAt)).toBeGreaterThan(Date.now() - 600_000);
    }

    const readiness = await h.api.ok('GET', `/sites/${h.estate.siteA}/readiness`);
    const app = readiness.applications.find((a: any) => a.applicationId === h.estate.applicationId);
    expect(app.plans).toEqual([expect.objectContaining({ ok: true, errors: [] })]);
  });

  it('refuses a wrong confirmation, a malformed or unknown recovery point, a planned failover to a chosen point, and an Idempotency-Key too long to keep', async () => {
    const wrong = await h.start({ confirm: 'not-the-plan' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      expect.objectContaining({ field: 'confirm', rule: 'confirm' }),
    ]);

    const malformed = await h.start({ recoveryPoint: 'yesterday' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0]).toMatchObject({ field: 'recoveryPoint' });

    const unknown = await h.start({ recoveryPoint: '2001-01-01T00:00:00Z' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown-recovery-point');
    expect(unknown.body.error.details.findings.map((f: any) => f.code)).toEqual([
      'recovery-point-not-found',
      'recovery-point-not-found',
    ]);

    const planned = await h.start({ kind: 'planned', recoveryPoint: new Date().toISOString() });
    expect(planned.status).toBe(400);

    const longKey = await h.start({}, 'k'.repeat(201));
    expect(longKey.status).toBe(400);
    expect(longKey.body.error.details).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key', rule: 'maxLength' }),
    ]);
    expect((await h.api.ok('GET', `/failovers?planId=${h.estate.planId}`)).items).toEqual([]);
  });

  it('lets only operators start', async () => {
    const viewer = await h.api.ok('POST', '/tokens', { name: 'viewer', role: 'viewer' });
    const asViewer = new TwinsiteApi(h.ctl.url, viewer.token);
    const refused = await asViewer.request('POST', `/plans/${h.estate.planId}/failovers`, {
      kind: 'test',
      confirm: h.estate.planName,
    });
    expect(refused.status).toBe(403);
    expect((await asViewer.request('GET', '/failovers')).status).toBe(200);
  });

  let runId: string;

  it('starts one run for 100 concurrent requests with one Idempotency-Key', async () => {
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 100 }, () => h.start({}, key)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([202]));
    runId = answers[0].body.id;
    expect(new Set(answers.map((a) => a.body.id))).toEqual(new Set([runId]));
    await h.waitFor(runId, 'waiting-for-approval');
    const runs = await h.api.ok('GET', `/failovers?planId=${h.estate.planId}`);
    expect(runs.items.map((r: any) => r.id)).toEqual([runId]);
    const audit = await h.api.ok('GET', `/audit?action=failover.start&resourceId=${runId}`);
    expect(audit.items).toHaveLength(1);
  });

  it('refuses a second active run of the plan, naming the active one', async () => {
    const second = await h.start({}, crypto.randomUUID());
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'run-active', details: { activeRunId: runId } });
    expect(second.body.error.message).toContain(runId);
    const active = await h.api.ok('GET', `/failovers?planId=${h.estate.planId}&active=true`);
    expect(active.items.map((r: any) => r.id)).toEqual([runId]);
  });

  it('cancels a run in flight, and a cancelled drill can still be cleaned up', async () => {
    const cancelled = await h.api.ok('POST', `/failovers/${runId}/cancel`, { note: 'wrong window' });
    expect(['cancelling', 'cancelled']).toContain(cancelled.state);
    const run = await h.waitFor(runId, 'cancelled');
    expect(run.active).toBe(false);
    expect(run.steps.every((s: any) => ['succeeded', 'cancelled'].includes(s.state))).toBe(true);
    expect(run.allowedActions).toEqual(['cleanup']);
    await h.api.ok('POST', `/failovers/${runId}/cleanup`, {});
    expect((await h.waitFor(runId, 'cleaned-up', 'cleanup-failed')).state).toBe('cleaned-up');
    const commit = await h.api.request('POST', `/failovers/${runId}/commit`, {});
    expect(commit.status).toBe(409);
    expect(commit.body.error).toMatchObject({
      code: 'invalid-state',
      details: { state: 'cleaned-up', allowedActions: [] },
    });
  });

  it('blocks a plan whose target stamp cannot be reached, with the finding', async () => {
    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', { down: 'refuse' });
    const answer = await h.start({}, crypto.randomUUID());
    await simAdmin(h.sim.sim, h.sim.b, 'DELETE', '/faults');
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('preflight-failed');
    expect(answer.body.error.details.findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'target-unreachable' }),
    ]);
  });
});

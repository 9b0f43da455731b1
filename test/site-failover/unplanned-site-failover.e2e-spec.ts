import * as crypto from 'node:crypto';
import { admin as simAdmin, lastSeq, requestLog } from '../support/sim';
import { SiteHarness, startSiteHarness } from './harness';

/**
 * Stamp A is gone. One command fails over every protected application of the site, the
 * most critical first, without a single call to stamp A, and says which applications
 * do not come back.
 */
describe('unplanned site failover with the source stamp down', () => {
  let h: SiteHarness;

  beforeAll(async () => {
    h = await startSiteHarness([
      { name: 'crm', tier: 3, vms: 1 },
      { name: 'erp', tier: 1, vms: 2 },
      { name: 'web', tier: 2, vms: 1 },
      { name: 'wiki', tier: 4, vms: 1, protection: 'none' },
    ]);
  });
  afterAll(async () => h?.stop());

  it('fails over every plan in tier order, never calls stamp A, lists what does not come back, and records what it achieved', async () => {
    await new Promise((r) => setTimeout(r, 1500)); // a recovery point or two at stamp B
    const [crm, erp, web, wiki] = h.estate.apps;
    await simAdmin(h.sim.sim, h.sim.a, 'POST', '/faults', { down: 'hang' });
    const seq = await lastSeq(h.sim.sim, h.sim.a);

    const dry = await h.api.ok(
      'POST',
      `/sites/${h.estate.siteA}/failovers/preflight`,
      { kind: 'unplanned' },
      [200],
    );
    expect(dry.plans.map((p: any) => p.planId)).toEqual([erp.planId, web.planId, crm.planId]);
    expect(
      dry.findings.every((f: any) => f.severity === 'warning' && f.code === 'os-type-assumed' && f.planId),
    ).toBe(true);

    const wrong = await h.start({ kind: 'unplanned', confirm: 'not-the-site', acceptWarnings: true });
    expect(wrong.status).toBe(400);
    const warned = await h.start({ kind: 'unplanned' }, crypto.randomUUID());
    expect(warned.status).toBe(409);
    expect(warned.body.error.code).toBe('preflight-warnings');
    expect((await h.api.ok('GET', `/site-failovers?siteId=${h.estate.siteA}`)).items).toEqual([]);

    const key = crypto.randomUUID();
    const started = await h.start({ kind: 'unplanned', acceptWarnings: true, plansInFlight: 2 }, key);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      siteId: h.estate.siteA,
      kind: 'unplanned',
      plansInFlight: 2,
      allowedActions: ['cancel'],
    });
    expect(started.body.runs.map((r: any) => [r.planId, r.tier])).toEqual([
      [erp.planId, 1],
      [web.planId, 2],
      [crm.planId, 3],
    ]);
    expect(started.body.notFailedOver).toEqual([
      {
        applicationId: wiki.id,
        name: wiki.name,
        protection: 'none',
        optIn: true,
        reason: expect.stringContaining('protection is none'),
      },
    ]);

    // The same key is the same site failover; another one for the site waits until this one is done.
    const again = await h.start({ kind: 'unplanned', acceptWarnings: true }, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(started.body.id);
    const second = await h.start({ kind: 'unplanned', acceptWarnings: true }, crypto.randomUUID());
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'site-failover-active',
      details: { activeSiteFailoverId: started.body.id },
    });

    const done = await h.waitFor(started.body.id, 'failed-over', 'partially-failed', 'failed');
    expect(done.state).toBe('failed-over');
    expect(done.runs.map((r: any) => r.state)).toEqual(['failed-over', 'failed-over', 'failed-over']);
    // Tier order: plans start in order, and the third waits for a free slot (two in flight).
    const startedAt = done.runs.map((r: any) => Date.parse(r.startedAt));
    expect([...startedAt].sort((a, b) => a - b)).toEqual(startedAt);
    const firstDone = Math.min(...done.runs.slice(0, 2).map((r: any) => Date.parse(r.failedOverAt)));
    expect(startedAt[2]).toBeGreaterThanOrEqual(firstDone);

    // Records: each plan's start and healthy time, the site's press-to-last-healthy, per application RPO/RTO.
    const lastHealthy = Math.max(...done.runs.map((r: any) => Date.parse(r.healthyAt ?? r.failedOverAt)));
    expect(done.achievedRtoSeconds).toBeCloseTo((lastHealthy - Date.parse(done.createdAt)) / 1000, 1);
    expect(done.healthyAt).toEqual(new Date(lastHealthy).toISOString());
    for (const r of done.runs) {
      expect(r).toMatchObject({
        runId: expect.any(String),
        metRpo: true,
        metRto: true,
        rpoSeconds: 300,
        rtoSeconds: 3600,
      });
      expect(r.achievedRpoSeconds).toBeGreaterThan(0);
      expect(r.achievedRtoSeconds).toBeGreaterThanOrEqual(r.runAchievedRtoSeconds);
    }
    expect(done.applications.map((a: any) => [a.applicationId, a.metRpo, a.metRto])).toEqual([
      [erp.id, true, true],
      [web.id, true, true],
      [crm.id, true, true],
    ]);
    expect(done.allowedActions).toEqual(['commit']);

    // Each plan's run is an ordinary run of the engine.
    const run = await h.api.ok('GET', `/failovers/${done.runs[0].runId}`);
    expect(run).toMatchObject({ planId: erp.planId, kind: 'unplanned', state: 'failed-over' });

    // Not one call reached stamp A, for any plan.
    expect(await requestLog(h.sim.sim, h.sim.a, seq)).toEqual([]);

    const committed = await h.api.ok('POST', `/site-failovers/${done.id}/commit`, {}, [200]);
    expect(committed).toMatchObject({ state: 'committed', active: false, allowedActions: [] });
    expect(committed.runs.map((r: any) => r.state)).toEqual(['committed', 'committed', 'committed']);
    const audit = await h.api.ok('GET', `/audit?resourceType=site-failover&resourceId=${done.id}`);
    expect(audit.items.map((e: any) => e.action).sort()).toEqual([
      'site-failover.commit',
      'site-failover.start',
    ]);
  }, 120_000);
});

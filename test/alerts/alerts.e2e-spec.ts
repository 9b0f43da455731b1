import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertsService, PairAlertInput } from '@twinsite/alerts';
import { evaluateRpoCondition, RpoCondition } from '@twinsite/core';
import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { issueToken, uuid } from './alerts-support';

/** A pair's conditions as the lag monitor would hand them over. */
const pairInput = (pairId: string, overrides: Partial<PairAlertInput> = {}): PairAlertInput => ({
  pairId,
  applicationId: APP,
  siteId: SITE,
  condition: 'ok',
  sourceFailing: false,
  lagSeconds: 10,
  rpoSeconds: 300,
  ...overrides,
});
const APP = uuid();
const SITE = uuid();

describe('alerts', () => {
  let databaseUrl: string;
  let a: TestController;
  let b: TestController;
  let alertsA: AlertsService;
  let alertsB: AlertsService;
  let viewer: { token: string; name: string };
  let operator: { token: string; name: string };

  const listFor = async (pairId: string, extra = '') =>
    (await a.http().get(`/api/v1/alerts?pairId=${pairId}&limit=500${extra}`).set(admin).expect(200)).body
      .items as any[];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    // Two controller instances on one database, as in production.
    a = await startController({ databaseUrl });
    b = await startController({ databaseUrl });
    alertsA = a.app.get(AlertsService);
    alertsB = b.app.get(AlertsService);
    viewer = await issueToken(a, 'viewer');
    operator = await issueToken(a, 'operator', 'night-shift-operator');
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropTestDatabase(databaseUrl);
  });

  it('opens an alert, an operator acknowledges it with a note, and it resolves by itself', async () => {
    const pairId = uuid();
    const opened = await alertsA.applyPairConditions([
      pairInput(pairId, { condition: 'breach', lagSeconds: 412 }),
    ]);
    // A breach keeps the warning open too (core's rule).
    expect(opened.opened.map((x) => x.kind).sort()).toEqual(['rpo-breach', 'rpo-warning']);

    const open = await listFor(pairId, '&state=open');
    expect(open).toHaveLength(2);
    const breach = open.find((x) => x.kind === 'rpo-breach');
    expect(breach).toMatchObject({
      state: 'open',
      pairId,
      applicationId: APP,
      siteId: SITE,
      subjectKey: `pair:${pairId}`,
      acknowledgedAt: null,
      resolvedAt: null,
      details: { lagSeconds: 412, rpoSeconds: 300, worstLagSeconds: 412 },
    });
    expect(
      (await a.http().get(`/api/v1/alerts/${breach.id}`).set(bearer(viewer.token)).expect(200)).body,
    ).toEqual(breach);

    // A viewer may look but not acknowledge.
    const refused = await a
      .http()
      .post(`/api/v1/alerts/${breach.id}/ack`)
      .set(bearer(viewer.token))
      .send({ note: 'mine' })
      .expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await a.http().get(`/api/v1/alerts/${breach.id}`).set(admin)).body.state).toBe('open');

    const acked = await a
      .http()
      .post(`/api/v1/alerts/${breach.id}/ack`)
      .set(bearer(operator.token))
      .send({ note: 'link to stamp B down, INC-4711' })
      .expect(200);
    expect(acked.body).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'night-shift-operator',
      note: 'link to stamp B down, INC-4711',
    });
    expect(Date.parse(acked.body.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(breach.openedAt));
    const again = await a
      .http()
      .post(`/api/v1/alerts/${breach.id}/ack`)
      .set(bearer(operator.token))
      .send({})
      .expect(409);
    expect(again.body.error).toMatchObject({
      code: 'alert-acknowledged',
      details: { acknowledgedBy: 'night-shift-operator' },
    });

    const audit = await a
      .http()
      .get(`/api/v1/audit?resourceType=alert&resourceId=${breach.id}`)
      .set(admin)
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'alert.acknowledge',
        actorName: 'night-shift-operator',
        change: expect.objectContaining({ note: 'link to stamp B down, INC-4711' }),
      }),
    ]);

    // The lag worsens while it is open: the worst lag is kept; nothing new opens.
    const worse = await alertsB.applyPairConditions([
      pairInput(pairId, { condition: 'breach', lagSeconds: 900 }),
    ]);
    expect(worse).toEqual({ opened: [], resolved: [] });
    expect((await a.http().get(`/api/v1/alerts/${breach.id}`).set(admin)).body.details).toMatchObject({
      lagSeconds: 412,
      worstLagSeconds: 900,
    });

    // The condition clears: both resolve, acknowledged or not.
    const cleared = await alertsA.applyPairConditions([
      pairInput(pairId, { condition: 'ok', lagSeconds: 20 }),
    ]);
    expect(cleared.resolved.map((x) => x.kind).sort()).toEqual(['rpo-breach', 'rpo-warning']);
    const resolved = (await a.http().get(`/api/v1/alerts/${breach.id}`).set(admin)).body;
    expect(resolved).toMatchObject({
      state: 'resolved',
      acknowledgedBy: 'night-shift-operator',
      note: 'link to stamp B down, INC-4711',
      details: { worstLagSeconds: 900, lagSecondsAtResolve: 20 },
    });
    expect(resolved.resolvedAt).not.toBeNull();
    const late = await a
      .http()
      .post(`/api/v1/alerts/${breach.id}/ack`)
      .set(bearer(operator.token))
      .send({})
      .expect(409);
    expect(late.body.error.code).toBe('alert-resolved');

    // A new breach after the resolve is a new alert.
    const second = await alertsA.applyPairConditions([
      pairInput(pairId, { condition: 'breach', lagSeconds: 350 }),
    ]);
    const newBreach = second.opened.find((x) => x.kind === 'rpo-breach')!;
    expect(newBreach.id).not.toBe(breach.id);
    const all = await listFor(pairId, '&kind=rpo-breach');
    expect(all.map((x) => [x.id, x.state])).toEqual([
      [breach.id, 'resolved'],
      [newBreach.id, 'open'],
    ]);
  });

  it('opens exactly one alert when two instances apply the same breach at once', async () => {
    const pairIds = Array.from({ length: 20 }, () => uuid());
    const batch = pairIds.map((id) =>
      pairInput(id, { condition: 'breach', lagSeconds: 500, sourceFailing: true }),
    );
    const results = await Promise.all([
      alertsA.applyPairConditions(batch),
      alertsB.applyPairConditions(batch),
      alertsA.applyPairConditions([...batch].reverse()),
      alertsB.applyPairConditions(batch.slice(0, 10)),
    ]);
    const opened = results.flatMap((r) => r.opened);
    expect(opened).toHaveLength(pairIds.length * 3);
    const rows: Array<{ subject_key: string; kind: string; n: string }> = await a.app
      .get<DataSource>(getDataSourceToken())
      .query(
        `SELECT subject_key, kind, count(*) AS n FROM alerts WHERE subject_key = ANY ($1) GROUP BY 1, 2`,
        [pairIds.map((id) => `pair:${id}`)],
      );
    expect(rows).toHaveLength(pairIds.length * 3);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);

    // Resolving at once from both sides resolves each once.
    const cleared = batch.map((x) => ({
      ...x,
      condition: 'ok' as const,
      sourceFailing: false,
      lagSeconds: 5,
    }));
    const resolutions = await Promise.all([
      alertsA.applyPairConditions(cleared),
      alertsB.applyPairConditions(cleared),
    ]);
    expect(resolutions.flatMap((r) => r.resolved)).toHaveLength(pairIds.length * 3);
    // The batches queued behind each other's locks rather than deadlocking and retrying.
    expect(a.logs.text() + b.logs.text()).not.toMatch(/deadlock/);
  });

  it('does not flap while the lag hovers around the RPO (hysteresis)', async () => {
    const pairId = uuid();
    const rpoSeconds = 300;
    // What the lag monitor does per reading: the previous condition from the open alerts, core's rule, apply.
    const reading = async (lagSeconds: number) => {
      const previous = (await alertsA.previousConditions([pairId])).get(pairId)!;
      const condition: RpoCondition = evaluateRpoCondition({
        lagSeconds,
        rpoSeconds,
        failing: false,
        previous: previous.rpo,
      });
      return alertsA.applyPairConditions([pairInput(pairId, { condition, lagSeconds, rpoSeconds })]);
    };
    const changes: string[] = [];
    // Warning opens above 240 s and clears below 210 s; breach opens above 300 s and clears below 270 s.
    for (const lag of [250, 305, 295, 301, 285, 299, 310, 275, 290, 302, 271]) {
      const result = await reading(lag);
      for (const x of result.opened) changes.push(`${lag}: open ${x.kind}`);
      for (const x of result.resolved) changes.push(`${lag}: resolve ${x.kind}`);
    }
    expect(changes).toEqual(['250: open rpo-warning', '305: open rpo-breach']);
    expect(await listFor(pairId, '&state=open,acknowledged')).toHaveLength(2);

    for (const lag of [265, 280, 230, 245, 205]) {
      const result = await reading(lag);
      for (const x of result.opened) changes.push(`${lag}: open ${x.kind}`);
      for (const x of result.resolved) changes.push(`${lag}: resolve ${x.kind}`);
    }
    expect(changes.slice(2)).toEqual(['265: resolve rpo-breach', '205: resolve rpo-warning']);
    expect(await listFor(pairId, '&state=open,acknowledged')).toHaveLength(0);
    expect(await listFor(pairId)).toHaveLength(2);
  });

  it('raises and clears lag-source-failing on its own', async () => {
    const pairId = uuid();
    await alertsA.applyPairConditions([pairInput(pairId, { sourceFailing: true, lagSeconds: null })]);
    const open = await listFor(pairId, '&state=open');
    expect(open.map((x) => x.kind)).toEqual(['lag-source-failing']);
    expect(open[0].details).toMatchObject({ lagSeconds: null, rpoSeconds: 300 });
    expect((await alertsA.previousConditions([pairId])).get(pairId)).toEqual({
      rpo: 'ok',
      sourceFailing: true,
    });
    const cleared = await alertsA.applyPairConditions([
      pairInput(pairId, { sourceFailing: false, lagSeconds: 12 }),
    ]);
    expect(cleared.resolved.map((x) => x.kind)).toEqual(['lag-source-failing']);
  });

  it('opens one site-unreachable alert per outage and resolves it when the site answers', async () => {
    const siteId = uuid();
    const first = await alertsA.setSiteReachable(siteId, false, { error: 'connect ETIMEDOUT' });
    const second = await alertsB.setSiteReachable(siteId, false);
    expect(first.opened).toHaveLength(1);
    expect(second.opened).toHaveLength(0);
    const list = (await a.http().get(`/api/v1/alerts?siteId=${siteId}`).set(admin).expect(200)).body.items;
    expect(list).toEqual([
      expect.objectContaining({
        kind: 'site-unreachable',
        state: 'open',
        subjectKey: `site:${siteId}`,
        pairId: null,
        details: { error: 'connect ETIMEDOUT' },
      }),
    ]);
    expect((await alertsB.setSiteReachable(siteId, true)).resolved).toHaveLength(1);
    expect((await alertsA.setSiteReachable(siteId, true)).resolved).toHaveLength(0);
    const next = await alertsA.setSiteReachable(siteId, false);
    expect(next.opened[0].id).not.toBe(list[0].id);
  });

  it('handles a batch of thousands of pairs in one call', async () => {
    const appId = uuid();
    const pairIds = Array.from({ length: 3000 }, () => uuid());
    const breach = await alertsA.applyPairConditions(
      pairIds.map((id) => pairInput(id, { applicationId: appId, condition: 'breach', lagSeconds: 400 })),
    );
    expect(breach.opened).toHaveLength(6000);
    const same = await alertsA.applyPairConditions(
      pairIds.map((id) => pairInput(id, { applicationId: appId, condition: 'breach', lagSeconds: 400 })),
    );
    expect(same).toEqual({ opened: [], resolved: [] });
    const mixed = await alertsA.applyPairConditions(
      pairIds.map((id, i) =>
        pairInput(id, {
          applicationId: appId,
          condition: i % 2 === 0 ? 'ok' : 'warning',
          lagSeconds: i % 2 === 0 ? 10 : 250,
        }),
      ),
    );
    expect(mixed.opened).toHaveLength(0);
    expect(mixed.resolved).toHaveLength(4500);
    const page = await a
      .http()
      .get(`/api/v1/alerts?applicationId=${appId}&state=open&limit=500`)
      .set(admin)
      .expect(200);
    expect(page.body.items).toHaveLength(500);
    expect(page.body.items.every((x: any) => x.kind === 'rpo-warning')).toBe(true);
    await alertsA.resolvePairs(pairIds, 'test over');
  });

  it('lists with filters and keyset pages', async () => {
    const pairId = uuid();
    await alertsA.applyPairConditions([
      pairInput(pairId, { condition: 'breach', sourceFailing: true, lagSeconds: 999 }),
    ]);
    const kinds = (await listFor(pairId, '&kind=rpo-breach,lag-source-failing')).map((x) => x.kind).sort();
    expect(kinds).toEqual(['lag-source-failing', 'rpo-breach']);
    const first = await a.http().get(`/api/v1/alerts?pairId=${pairId}&limit=2`).set(admin).expect(200);
    const second = await a
      .http()
      .get(`/api/v1/alerts?pairId=${pairId}&limit=2&cursor=${first.body.nextCursor}`)
      .set(admin)
      .expect(200);
    expect([...first.body.items, ...second.body.items].map((x: any) => x.id).sort()).toEqual(
      (await listFor(pairId)).map((x) => x.id).sort(),
    );
    expect(second.body.nextCursor).toBeNull();

    const bad = await a.http().get('/api/v1/alerts?state=closed').set(admin).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'state' })]);
    await a.http().get(`/api/v1/alerts/${uuid()}`).set(admin).expect(404);
    await a.http().get('/api/v1/alerts').expect(401);
  });

  it('exports the number of unresolved alerts per kind', async () => {
    const metric = async (kind: string) => {
      const text = (await a.http().get('/metrics').expect(200)).text;
      const match = new RegExp(`^twinsite_alerts_open\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text);
      return match ? Number(match[1]) : NaN;
    };
    const before = await metric('site-unreachable');
    expect(before).toBe((await alertsA.openCounts()).get('site-unreachable') ?? 0);
    const siteId = uuid();
    await alertsB.setSiteReachable(siteId, false);
    // Read from the shared database: instance A counts what instance B opened.
    expect(await metric('site-unreachable')).toBe(before + 1);
    await alertsB.setSiteReachable(siteId, true);
    expect(await metric('site-unreachable')).toBe(before);
    expect(await metric('rpo-warning')).toBe((await alertsA.openCounts()).get('rpo-warning') ?? 0);
  });
});

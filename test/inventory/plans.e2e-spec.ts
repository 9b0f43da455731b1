import { PlanService } from '@twinsite/plans';
import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { auditCount, createApplication, createPair, createSite, unique } from './inventory-fixtures';

const HOOK_SECRET = 'hook-hmac-secret-3f9a1c77e2';
const DNS_SECRET = 'dns-hmac-secret-b81d4e0a96';
const DB_PASS = 'plan-db-pass-c0ffee42';

describe('recovery plans', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let app: any;
  let siteA: string;
  let siteB: string;
  let siteC: string;
  /** p[0..2] replicate A → B (p[2] is a database), p[3] A → C, p[4] B → A. */
  let p: any[];

  const planBody = (overrides: Record<string, unknown> = {}) => ({
    name: unique('plan'),
    applicationId: app.id,
    groups: [{ name: 'all', pairIds: [p[0].id] }],
    ...overrides,
  });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    [siteA, siteB, siteC] = [
      (await createSite(ctl)).id,
      (await createSite(ctl)).id,
      (await createSite(ctl)).id,
    ];
    app = await createApplication(ctl);
    const ab = { applicationId: app.id, sourceSiteId: siteA, targetSiteId: siteB };
    p = [
      await createPair(ctl, ab),
      await createPair(ctl, ab),
      await createPair(ctl, ab, {
        lagSource: {
          kind: 'postgres',
          primaryUrl: `postgres://u:${DB_PASS}@a/db`,
          replicaUrl: `postgres://u:${DB_PASS}@b/db`,
        },
      }),
      await createPair(ctl, { ...ab, targetSiteId: siteC }),
      await createPair(ctl, { ...ab, sourceSiteId: siteB, targetSiteId: siteA }),
    ];
  });
  afterAll(async () => {
    await ctl.close();
    await dropTestDatabase(databaseUrl);
  });

  it('creates a plan with every kind of step, derives its sites, reads, lists, updates and deletes it', async () => {
    const body = planBody({
      description: 'payments, database first',
      groups: [
        {
          name: 'database',
          pairIds: [p[2].id],
          before: [{ kind: 'manual-approval', message: 'Confirm the primary is fenced' }],
          after: [
            { kind: 'database-promote', pairId: p[2].id },
            { kind: 'health-check', protocol: 'tcp', target: `pair:${p[2].id}`, port: 5432 },
          ],
        },
        {
          name: 'web',
          pairIds: [p[0].id, p[1].id],
          before: [{ kind: 'webhook', url: 'https://hooks.contoso.local/drain', secret: HOOK_SECRET }],
          after: [
            {
              kind: 'dns-update',
              provider: 'webhook',
              url: 'https://dns.contoso.local/update',
              recordName: 'pay.contoso.local',
              secret: DNS_SECRET,
            },
            { kind: 'wait', seconds: 30 },
            {
              kind: 'health-check',
              protocol: 'http',
              target: 'pay.contoso.local',
              port: 443,
              path: '/healthz',
              timeoutSeconds: 120,
            },
          ],
        },
      ],
    });
    const created = await ctl.http().post('/api/v1/plans').set(admin).send(body).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: body.name,
      applicationId: app.id,
      description: 'payments, database first',
      sourceSiteId: siteA,
      targetSiteId: siteB,
      groups: [
        {
          name: 'database',
          pairIds: [p[2].id],
          before: [{ kind: 'manual-approval', message: 'Confirm the primary is fenced' }],
          after: [
            { kind: 'database-promote', pairId: p[2].id },
            {
              kind: 'health-check',
              protocol: 'tcp',
              target: `pair:${p[2].id}`,
              port: 5432,
              timeoutSeconds: 300,
            },
          ],
        },
        {
          name: 'web',
          pairIds: [p[0].id, p[1].id],
          before: [
            {
              kind: 'webhook',
              url: 'https://hooks.contoso.local/drain',
              timeoutSeconds: 30,
              retries: 2,
              secretSet: true,
            },
          ],
          after: [
            {
              kind: 'dns-update',
              provider: 'webhook',
              url: 'https://dns.contoso.local/update',
              recordName: 'pay.contoso.local',
              secretSet: true,
            },
            { kind: 'wait', seconds: 30 },
            {
              kind: 'health-check',
              protocol: 'http',
              target: 'pay.contoso.local',
              port: 443,
              path: '/healthz',
              timeoutSeconds: 120,
            },
          ],
        },
      ],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);
    const id = created.body.id;

    expect((await ctl.http().get(`/api/v1/plans/${id}`).set(admin).expect(200)).body).toEqual(created.body);
    const list = await ctl.http().get(`/api/v1/plans?name=${body.name}`).set(admin).expect(200);
    expect(list.body.items).toEqual([created.body]);

    // Sending back what was read (secretSet and all) with the groups reordered keeps both secrets.
    const groups = [created.body.groups[1], created.body.groups[0]];
    const updated = await ctl
      .http()
      .patch(`/api/v1/plans/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ name: `${body.name}-v2`, groups })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: `${body.name}-v2`,
      groups,
      version: 2,
      sourceSiteId: siteA,
      targetSiteId: siteB,
    });
    const forRun = await ctl.app.get(PlanService).getForRun(id);
    expect(forRun.groups[0].before[0]).toMatchObject({ kind: 'webhook', secret: HOOK_SECRET });
    expect(forRun.groups[0].after[0]).toMatchObject({ kind: 'dns-update', secret: DNS_SECRET });

    // A pair in a plan cannot be deleted while the plan holds it.
    const held = await ctl.http().delete(`/api/v1/pairs/${p[2].id}`).set(admin).expect(409);
    expect(held.body.error).toMatchObject({
      code: 'still-referenced',
      details: { referencedBy: 'recovery plans' },
    });
    await ctl.http().get(`/api/v1/pairs/${p[2].id}`).set(admin).expect(200);

    await ctl.http().delete(`/api/v1/plans/${id}`).set(admin).set('If-Match', '"2"').expect(204);
    await ctl.http().get(`/api/v1/plans/${id}`).set(admin).expect(404);
    const audit = await ctl
      .http()
      .get(`/api/v1/audit?resourceType=plan&resourceId=${id}`)
      .set(admin)
      .expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['plan.delete', 'plan.update', 'plan.create']);
    expect(audit.body.items[2].change.groups[1].before[0].secret).toBe('[write-only]');
  });

  it('never lets a step secret out: not in responses, the audit log or the logs', async () => {
    const created = await ctl
      .http()
      .post('/api/v1/plans')
      .set(admin)
      .send(
        planBody({
          groups: [
            {
              name: 'g',
              pairIds: [p[0].id],
              before: [{ kind: 'webhook', url: 'https://h.contoso.local/x', secret: `${HOOK_SECRET}-2` }],
            },
          ],
        }),
      )
      .expect(201);
    const patched = await ctl
      .http()
      .patch(`/api/v1/plans/${created.body.id}`)
      .set(admin)
      .send({
        groups: [
          {
            name: 'g',
            pairIds: [p[0].id],
            before: [{ kind: 'webhook', url: 'https://h.contoso.local/x', secret: `${HOOK_SECRET}-3` }],
          },
        ],
      })
      .expect(200);
    expect(patched.body.groups[0].before[0]).toEqual({
      kind: 'webhook',
      url: 'https://h.contoso.local/x',
      timeoutSeconds: 30,
      retries: 2,
      secretSet: true,
    });
    const refused = await ctl
      .http()
      .post('/api/v1/plans')
      .set(admin)
      .send(
        planBody({
          groups: [
            {
              name: 'g',
              pairIds: [],
              before: [{ kind: 'webhook', url: 'https://h/x', secret: `${HOOK_SECRET}-4` }],
            },
          ],
        }),
      )
      .expect(400);
    const texts = [
      created.text,
      patched.text,
      refused.text,
      (await ctl.http().get(`/api/v1/plans/${created.body.id}`).set(admin)).text,
      (await ctl.http().get('/api/v1/plans?limit=500').set(admin)).text,
      (await ctl.http().get('/api/v1/audit?limit=500').set(admin)).text,
      ctl.logs.text(),
    ];
    expect(ctl.logs.lines.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).not.toContain(HOOK_SECRET);
      expect(text).not.toContain(DNS_SECRET);
      expect(text).not.toContain(DB_PASS);
    }
    expect((await ctl.app.get(PlanService).getForRun(created.body.id)).groups[0].before[0].secret).toBe(
      `${HOOK_SECRET}-3`,
    );
  });

  it('refuses a stale update with 412 and keeps the newer data', async () => {
    const { id } = (await ctl.http().post('/api/v1/plans').set(admin).send(planBody()).expect(201)).body;
    await ctl
      .http()
      .patch(`/api/v1/plans/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ description: 'first' })
      .expect(200);
    const stale = await ctl
      .http()
      .patch(`/api/v1/plans/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ description: 'second' })
      .expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'stale-version',
      details: { expectedVersion: 1, currentVersion: 2 },
    });
    await ctl
      .http()
      .patch(`/api/v1/plans/${id}`)
      .set(admin)
      .send({ description: 'third', version: 1 })
      .expect(412);
    expect((await ctl.http().get(`/api/v1/plans/${id}`).set(admin)).body).toMatchObject({
      description: 'first',
      version: 2,
    });
  });

  describe('bad input gets 400 naming the field and rule, and writes nothing', () => {
    const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';
    const group = (pairIds: string[], extra: Record<string, unknown> = {}) => ({
      name: unique('g'),
      pairIds,
      ...extra,
    });
    const cases: Array<[string, () => Record<string, unknown>, string, string]> = [
      [
        'a pair in two groups',
        () => ({ groups: [group([p[0].id]), group([p[1].id, p[0].id])] }),
        'groups[1].pairIds[1]',
        'unique-pair',
      ],
      [
        'a pair twice in one group',
        () => ({ groups: [group([p[0].id, p[0].id])] }),
        'groups[0].pairIds[1]',
        'unique-pair',
      ],
      [
        'pairs going to two different sites',
        () => ({ groups: [group([p[0].id]), group([p[3].id])] }),
        'groups[1].pairIds[0]',
        'mixed-direction',
      ],
      [
        'pairs going opposite ways',
        () => ({ groups: [group([p[0].id, p[4].id])] }),
        'groups[0].pairIds[1]',
        'mixed-direction',
      ],
      [
        'an empty group',
        () => ({ groups: [group([p[0].id]), group([])] }),
        'groups[1].pairIds',
        'non-empty-group',
      ],
      ['no groups at all', () => ({ groups: [] }), 'groups', 'non-empty-plan'],
      [
        'a pair that does not exist',
        () => ({ groups: [group([p[0].id, UNKNOWN])] }),
        'groups[0].pairIds[1]',
        'unknown-pair',
      ],
      [
        'a pair id that is not a UUID',
        () => ({ groups: [group(['web-1'])] }),
        'groups[0].pairIds[0]',
        'unknown-pair',
      ],
      [
        'two groups with one name',
        () => ({
          groups: [
            { name: 'web', pairIds: [p[0].id] },
            { name: 'Web', pairIds: [p[1].id] },
          ],
        }),
        'groups[1].name',
        'unique-group-name',
      ],
      ['a group without a name', () => ({ groups: [{ pairIds: [p[0].id] }] }), 'groups[0].name', 'isString'],
      [
        'an unknown field in a group',
        () => ({ groups: [group([p[0].id], { parallel: true })] }),
        'groups[0].parallel',
        'unknown-field',
      ],
      [
        'groups that are not a list',
        () => ({ groups: { name: 'g', pairIds: [p[0].id] } }),
        'groups',
        'isArray',
      ],
      [
        'an unknown step kind',
        () => ({ groups: [group([p[0].id], { before: [{ kind: 'pray' }] })] }),
        'groups[0].before[0].kind',
        'unknown-step-kind',
      ],
      [
        'a webhook without a URL',
        () => ({ groups: [group([p[0].id], { after: [{ kind: 'webhook' }] })] }),
        'groups[0].after[0].url',
        'required',
      ],
      [
        'a webhook to an ftp URL',
        () => ({ groups: [group([p[0].id], { after: [{ kind: 'webhook', url: 'ftp://h/x' }] })] }),
        'groups[0].after[0].url',
        'invalid-url',
      ],
      [
        'a webhook secret that is too short',
        () => ({
          groups: [group([p[0].id], { after: [{ kind: 'webhook', url: 'https://h/x', secret: 'short' }] })],
        }),
        'groups[0].after[0].secret',
        'out-of-range',
      ],
      [
        'webhook retries given as text',
        () => ({
          groups: [group([p[0].id], { after: [{ kind: 'webhook', url: 'https://h/x', retries: 'twice' }] })],
        }),
        'groups[0].after[0].retries',
        'invalid-type',
      ],
      [
        'a wait of zero seconds',
        () => ({ groups: [group([p[0].id], { after: [{ kind: 'wait', seconds: 0 }] })] }),
        'groups[0].after[0].seconds',
        'out-of-range',
      ],
      [
        'an unknown field in a step',
        () => ({ groups: [group([p[0].id], { after: [{ kind: 'wait', seconds: 5, jitter: 2 }] })] }),
        'groups[0].after[0].jitter',
        'unknown-field',
      ],
      [
        'promoting a database pair that does not exist',
        () => ({ groups: [group([p[0].id], { after: [{ kind: 'database-promote', pairId: UNKNOWN }] })] }),
        'groups[0].after[0].pairId',
        'unknown-pair',
      ],
      [
        'a health check on a pair that does not exist',
        () => ({
          groups: [
            group([p[0].id], {
              after: [{ kind: 'health-check', protocol: 'tcp', target: `pair:${UNKNOWN}`, port: 22 }],
            }),
          ],
        }),
        'groups[0].after[0].target',
        'unknown-pair',
      ],
      [
        'a health check on a bad port',
        () => ({
          groups: [
            group([p[0].id], {
              after: [{ kind: 'health-check', protocol: 'tcp', target: 'db', port: 70000 }],
            }),
          ],
        }),
        'groups[0].after[0].port',
        'out-of-range',
      ],
      [
        'a DNS update through an unknown provider',
        () => ({
          groups: [
            group([p[0].id], {
              after: [{ kind: 'dns-update', provider: 'route53', url: 'https://h/x', recordName: 'a.b' }],
            }),
          ],
        }),
        'groups[0].after[0].provider',
        'invalid-value',
      ],
      ['an application that does not exist', () => ({ applicationId: UNKNOWN }), 'applicationId', 'exists'],
      ['a name of the wrong type', () => ({ name: 12 }), 'name', 'isString'],
      ['an unknown field', () => ({ priority: 1 }), 'priority', 'unknown-field'],
    ];
    it.each(cases)('%s', async (_label, override, field, rule) => {
      const body = planBody(override());
      const before = await auditCount(ctl, 'plan.create');
      const res = await ctl.http().post('/api/v1/plans').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('validation-failed');
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      );
      const list = await ctl.http().get('/api/v1/plans?limit=500').set(admin).expect(200);
      expect(list.body.items.filter((x: any) => x.name === body.name)).toHaveLength(0);
      expect(await auditCount(ctl, 'plan.create')).toBe(before);
    });

    it.each(['name', 'applicationId', 'groups'])('a missing %s', async (field) => {
      const body: Record<string, unknown> = planBody();
      delete body[field];
      const res = await ctl.http().post('/api/v1/plans').set(admin).send(body).expect(400);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('reports every broken rule of a plan at once', async () => {
      const res = await ctl
        .http()
        .post('/api/v1/plans')
        .set(admin)
        .send(
          planBody({
            groups: [group([p[0].id, p[3].id]), group([]), group([p[0].id], { before: [{ kind: 'wait' }] })],
          }),
        )
        .expect(400);
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'groups[0].pairIds[1]', rule: 'mixed-direction' }),
          expect.objectContaining({ field: 'groups[1].pairIds', rule: 'non-empty-group' }),
          expect.objectContaining({ field: 'groups[2].pairIds[0]', rule: 'unique-pair' }),
          expect.objectContaining({ field: 'groups[2].before[0].seconds', rule: 'required' }),
        ]),
      );
    });

    it('a duplicate name', async () => {
      const first = (await ctl.http().post('/api/v1/plans').set(admin).send(planBody()).expect(201)).body;
      const before = await auditCount(ctl, 'plan.create');
      const res = await ctl
        .http()
        .post('/api/v1/plans')
        .set(admin)
        .send(planBody({ name: first.name }))
        .expect(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'name', rule: 'unique' })]);
      expect(await auditCount(ctl, 'plan.create')).toBe(before);
    });

    it('an update that breaks a rule leaves the plan as it was', async () => {
      const plan = (
        await ctl
          .http()
          .post('/api/v1/plans')
          .set(admin)
          .send(planBody({ groups: [group([p[0].id, p[1].id])] }))
          .expect(201)
      ).body;
      const before = await auditCount(ctl, 'plan.update');
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ groups: [group([p[0].id]), group([p[0].id])] }, 'groups[1].pairIds[0]', 'unique-pair'],
        [{ groups: [group([p[0].id, p[3].id])] }, 'groups[0].pairIds[1]', 'mixed-direction'],
        [
          {
            groups: [
              group([p[0].id], { before: [{ kind: 'webhook', url: 'https://h/x', secretSet: true }] }),
            ],
          },
          'groups[0].before[0].secretSet',
          'no-stored-secret',
        ],
        [{ groups: null }, 'groups', 'isArray'],
        [{ name: null }, 'name', 'isString'],
      ];
      for (const [patch, field, rule] of cases) {
        const res = await ctl.http().patch(`/api/v1/plans/${plan.id}`).set(admin).send(patch);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.error.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field, rule })]),
        );
      }
      expect((await ctl.http().get(`/api/v1/plans/${plan.id}`).set(admin)).body).toEqual(plan);
      expect(await auditCount(ctl, 'plan.update')).toBe(before);
      // The pairs a plan held before a refused update are still held.
      await ctl.http().delete(`/api/v1/pairs/${p[1].id}`).set(admin).expect(409);
    });
  });

  it('filters by application and pair, and paginates in creation order', async () => {
    const other = await createApplication(ctl);
    const made = [
      (
        await ctl
          .http()
          .post('/api/v1/plans')
          .set(admin)
          .send(planBody({ applicationId: other.id, groups: [{ name: 'a', pairIds: [p[0].id] }] }))
          .expect(201)
      ).body,
      (
        await ctl
          .http()
          .post('/api/v1/plans')
          .set(admin)
          .send(planBody({ applicationId: other.id, groups: [{ name: 'a', pairIds: [p[3].id] }] }))
          .expect(201)
      ).body,
      (
        await ctl
          .http()
          .post('/api/v1/plans')
          .set(admin)
          .send(planBody({ applicationId: other.id, groups: [{ name: 'a', pairIds: [p[4].id] }] }))
          .expect(201)
      ).body,
    ];
    expect(made.map((x) => [x.sourceSiteId, x.targetSiteId])).toEqual([
      [siteA, siteB],
      [siteA, siteC],
      [siteB, siteA],
    ]);
    const list = async (query: string) =>
      (await ctl.http().get(`/api/v1/plans?${query}`).set(admin).expect(200)).body;
    expect((await list(`applicationId=${other.id}`)).items).toEqual(made);
    expect((await list(`applicationId=${other.id}&pairId=${p[3].id}`)).items.map((x: any) => x.id)).toEqual([
      made[1].id,
    ]);
    await ctl.http().get('/api/v1/plans?applicationId=payments').set(admin).expect(400);

    const first = await list(`applicationId=${other.id}&limit=2`);
    const second = await list(`applicationId=${other.id}&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((x: any) => x.id)).toEqual(made.map((x) => x.id));
    expect(second.nextCursor).toBeNull();
  });
});

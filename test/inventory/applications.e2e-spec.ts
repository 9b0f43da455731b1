import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import {
  applicationBody,
  auditCount,
  createApplication,
  createPair,
  createSite,
  unique,
} from './inventory-fixtures';

describe('applications', () => {
  let databaseUrl: string;
  let ctl: TestController;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
  });
  afterAll(async () => {
    await ctl.close();
    await dropTestDatabase(databaseUrl);
  });

  it('registers an application, reads it back, lists, updates and deletes it, auditing each change', async () => {
    const body = applicationBody({ description: 'card payments' });
    const created = await ctl.http().post('/api/v1/applications').set(admin).send(body).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: body.name,
      owner: body.owner,
      tier: 1,
      rpoSeconds: 300,
      rtoSeconds: 3600,
      protection: 'replication',
      optIn: false,
      description: 'card payments',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);
    const id = created.body.id;

    const read = await ctl.http().get(`/api/v1/applications/${id}`).set(admin).expect(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);

    const list = await ctl.http().get(`/api/v1/applications?name=${body.name}`).set(admin).expect(200);
    expect(list.body.items.map((a: any) => a.id)).toEqual([id]);

    const updated = await ctl
      .http()
      .patch(`/api/v1/applications/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ rpoSeconds: 60, optIn: true, description: null })
      .expect(200);
    expect(updated.body).toMatchObject({ rpoSeconds: 60, optIn: true, description: null, version: 2 });
    expect(updated.headers.etag).toMatch(/^"2-[A-Za-z0-9_-]{16}"$/);

    await ctl.http().delete(`/api/v1/applications/${id}`).set(admin).set('If-Match', '"2"').expect(204);
    const gone = await ctl.http().get(`/api/v1/applications/${id}`).set(admin).expect(404);
    expect(gone.body.error.code).toBe('not-found');

    const audit = await ctl
      .http()
      .get(`/api/v1/audit?resourceType=application&resourceId=${id}`)
      .set(admin)
      .expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      'application.delete',
      'application.update',
      'application.create',
    ]);
    expect(audit.body.items[1].change).toEqual({ rpoSeconds: 60, optIn: true, description: null });
    expect(audit.body.items[2].actorName).toBe('bootstrap-admin');
  });

  it('refuses a stale update with 412 and keeps the newer data', async () => {
    const { id } = await createApplication(ctl);
    await ctl
      .http()
      .patch(`/api/v1/applications/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ owner: 'first' })
      .expect(200);
    const stale = await ctl
      .http()
      .patch(`/api/v1/applications/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ owner: 'second' })
      .expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'stale-version',
      details: { expectedVersion: 1, currentVersion: 2 },
    });
    const bodyVersion = await ctl
      .http()
      .patch(`/api/v1/applications/${id}`)
      .set(admin)
      .send({ owner: 'third', version: 1 })
      .expect(412);
    expect(bodyVersion.body.error.code).toBe('stale-version');
    await ctl.http().delete(`/api/v1/applications/${id}`).set(admin).set('If-Match', '"1"').expect(412);
    const read = await ctl.http().get(`/api/v1/applications/${id}`).set(admin).expect(200);
    expect(read.body).toMatchObject({ owner: 'first', version: 2 });
  });

  it('filters by owner, tier, protection, opt-in and name, and paginates in creation order', async () => {
    const owner = unique('owner');
    const specs = [
      { tier: 1, protection: 'replication', optIn: true },
      { tier: 2, protection: 'backup-restore', optIn: false },
      { tier: 1, protection: 'high-availability', optIn: true },
      { tier: 4, protection: 'none', optIn: false },
      { tier: 1, protection: 'replication', optIn: false },
    ];
    const apps = [];
    for (const spec of specs) apps.push(await createApplication(ctl, { owner, ...spec }));
    const names = async (query: string) =>
      (
        await ctl.http().get(`/api/v1/applications?owner=${owner}&${query}`).set(admin).expect(200)
      ).body.items.map((a: any) => a.name);

    expect(await names('tier=1')).toEqual([apps[0].name, apps[2].name, apps[4].name]);
    expect(await names('protection=replication')).toEqual([apps[0].name, apps[4].name]);
    expect(await names('optIn=true')).toEqual([apps[0].name, apps[2].name]);
    expect(await names('optIn=false&tier=1')).toEqual([apps[4].name]);
    expect(await names(`name=${apps[3].name}`)).toEqual([apps[3].name]);
    expect(await names('tier=3')).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await ctl
        .http()
        .get(`/api/v1/applications?owner=${owner}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(admin)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((a: any) => a.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(apps.map((a) => a.name));
  });

  it.each([
    ['tier=9', 'tier'],
    ['tier=one', 'tier'],
    ['optIn=maybe', 'optIn'],
    ['protection=mirror', 'protection'],
    ['cursor=not-a-cursor', 'cursor'],
    ['colour=blue', 'colour'],
  ])('refuses the filter %s with 400 naming %s', async (query, field) => {
    const res = await ctl.http().get(`/api/v1/applications?${query}`).set(admin).expect(400);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  describe('bad input gets 400 naming the field and rule, and writes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['a tier given as text', { tier: '1' }, 'tier', 'isInt'],
      ['a tier above 4', { tier: 5 }, 'tier', 'max'],
      ['a tier below 1', { tier: 0 }, 'tier', 'min'],
      ['an RPO of zero', { rpoSeconds: 0 }, 'rpoSeconds', 'min'],
      ['a negative RPO', { rpoSeconds: -60 }, 'rpoSeconds', 'min'],
      ['an RTO of zero', { rtoSeconds: 0 }, 'rtoSeconds', 'min'],
      ['a fractional RTO', { rtoSeconds: 1.5 }, 'rtoSeconds', 'isInt'],
      ['an RPO beyond a year', { rpoSeconds: 10 ** 10 }, 'rpoSeconds', 'max'],
      ['an unknown protection option', { protection: 'mirroring' }, 'protection', 'isIn'],
      ['an opt-in given as text', { optIn: 'yes' }, 'optIn', 'isBoolean'],
      ['an opt-in sent as null', { optIn: null }, 'optIn', 'isBoolean'],
      ['an owner of the wrong type', { owner: 42 }, 'owner', 'isString'],
      ['an unknown field', { colour: 'blue' }, 'colour', 'unknown-field'],
    ];
    it.each(cases)('%s', async (_label, override, field, rule) => {
      const body = applicationBody(override);
      const before = await auditCount(ctl, 'application.create');
      const res = await ctl.http().post('/api/v1/applications').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('validation-failed');
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      );
      const list = await ctl.http().get(`/api/v1/applications?name=${body.name}`).set(admin).expect(200);
      expect(list.body.items).toHaveLength(0);
      expect(await auditCount(ctl, 'application.create')).toBe(before);
    });

    it.each(['name', 'owner', 'tier', 'rpoSeconds', 'rtoSeconds', 'protection'])(
      'a missing %s',
      async (field) => {
        const body: Record<string, unknown> = applicationBody();
        delete body[field];
        const res = await ctl.http().post('/api/v1/applications').set(admin).send(body).expect(400);
        expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      },
    );

    it('a duplicate name', async () => {
      const first = await createApplication(ctl);
      const before = await auditCount(ctl, 'application.create');
      const res = await ctl
        .http()
        .post('/api/v1/applications')
        .set(admin)
        .send(applicationBody({ name: first.name, owner: 'someone-else' }))
        .expect(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'name', rule: 'unique' })]);
      const list = await ctl.http().get(`/api/v1/applications?name=${first.name}`).set(admin).expect(200);
      expect(list.body.items.map((a: any) => a.owner)).toEqual([first.owner]);
      expect(await auditCount(ctl, 'application.create')).toBe(before);
    });

    it('an update to a taken name, a null name or an RPO of zero leaves the application as it was', async () => {
      const taken = await createApplication(ctl);
      const app = await createApplication(ctl);
      const before = await auditCount(ctl, 'application.update');
      const dup = await ctl
        .http()
        .patch(`/api/v1/applications/${app.id}`)
        .set(admin)
        .send({ name: taken.name })
        .expect(400);
      expect(dup.body.error.details).toEqual([expect.objectContaining({ field: 'name', rule: 'unique' })]);
      const nulled = await ctl
        .http()
        .patch(`/api/v1/applications/${app.id}`)
        .set(admin)
        .send({ name: null })
        .expect(400);
      expect(nulled.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'name' })]),
      );
      const zero = await ctl
        .http()
        .patch(`/api/v1/applications/${app.id}`)
        .set(admin)
        .send({ rpoSeconds: 0 })
        .expect(400);
      expect(zero.body.error.details).toEqual([
        expect.objectContaining({ field: 'rpoSeconds', rule: 'min' }),
      ]);
      const read = await ctl.http().get(`/api/v1/applications/${app.id}`).set(admin).expect(200);
      expect(read.body).toMatchObject({ name: app.name, rpoSeconds: app.rpoSeconds, version: 1 });
      expect(await auditCount(ctl, 'application.update')).toBe(before);
    });
  });

  it('refuses to delete an application while a pair or a plan refers to it, and deletes it after', async () => {
    const [a, b] = [await createSite(ctl), await createSite(ctl)];
    const app = await createApplication(ctl);
    const other = await createApplication(ctl);
    const pair = await createPair(ctl, { applicationId: app.id, sourceSiteId: a.id, targetSiteId: b.id });
    const plan = (
      await ctl
        .http()
        .post('/api/v1/plans')
        .set(admin)
        .send({
          name: unique('plan'),
          applicationId: other.id,
          groups: [{ name: 'all', pairIds: [pair.id] }],
        })
        .expect(201)
    ).body;

    const byPair = await ctl.http().delete(`/api/v1/applications/${app.id}`).set(admin).expect(409);
    expect(byPair.body.error).toMatchObject({ code: 'still-referenced', details: { referencedBy: 'pairs' } });
    const byPlan = await ctl.http().delete(`/api/v1/applications/${other.id}`).set(admin).expect(409);
    expect(byPlan.body.error).toMatchObject({ code: 'still-referenced', details: { referencedBy: 'plans' } });
    await ctl.http().get(`/api/v1/applications/${app.id}`).set(admin).expect(200);
    const audit = await ctl.http().get(`/api/v1/audit?resourceId=${app.id}`).set(admin).expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['application.create']);

    await ctl.http().delete(`/api/v1/plans/${plan.id}`).set(admin).expect(204);
    await ctl.http().delete(`/api/v1/applications/${other.id}`).set(admin).expect(204);
    await ctl.http().delete(`/api/v1/pairs/${pair.id}`).set(admin).expect(204);
    await ctl.http().delete(`/api/v1/applications/${app.id}`).set(admin).expect(204);
  });
});

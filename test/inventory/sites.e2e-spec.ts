import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { siteBody, testCaPem } from '../support/fixtures';

describe('sites', () => {
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

  it('registers a site, reads it back, lists, updates and deletes it', async () => {
    const body = siteBody({ caCertificate: testCaPem() });
    const created = await ctl.http().post('/api/v1/sites').set(admin).send(body).expect(201);
    expect(created.body).toMatchObject({ name: body.name, armEndpoint: body.armEndpoint, apiProfile: '2020-09-01-hybrid', version: 1 });
    expect(created.body.clientSecret).toBeUndefined();
    expect(created.body.clientSecretSet).toBe(true);
    expect(created.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);

    const read = await ctl.http().get(`/api/v1/sites/${created.body.id}`).set(admin).expect(200);
    expect(read.body.caCertificate).toContain('BEGIN CERTIFICATE');

    const list = await ctl.http().get(`/api/v1/sites?name=${body.name}`).set(admin).expect(200);
    expect(list.body.items.map((s: any) => s.id)).toEqual([created.body.id]);

    const updated = await ctl
      .http()
      .patch(`/api/v1/sites/${created.body.id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ location: 'north' })
      .expect(200);
    expect(updated.body).toMatchObject({ location: 'north', version: 2 });

    await ctl.http().delete(`/api/v1/sites/${created.body.id}`).set(admin).expect(204);
    await ctl.http().get(`/api/v1/sites/${created.body.id}`).set(admin).expect(404);
  });

  it('refuses a stale update with 412 and keeps the newer data', async () => {
    const created = await ctl.http().post('/api/v1/sites').set(admin).send(siteBody()).expect(201);
    const id = created.body.id;
    await ctl.http().patch(`/api/v1/sites/${id}`).set(admin).set('If-Match', '"1"').send({ location: 'a' }).expect(200);
    const stale = await ctl.http().patch(`/api/v1/sites/${id}`).set(admin).set('If-Match', '"1"').send({ location: 'b' }).expect(412);
    expect(stale.body.error).toMatchObject({ code: 'stale-version', details: { expectedVersion: 1, currentVersion: 2 } });
    const bodyVersion = await ctl.http().patch(`/api/v1/sites/${id}`).set(admin).send({ location: 'c', version: 1 }).expect(412);
    expect(bodyVersion.body.error.code).toBe('stale-version');
    expect((await ctl.http().get(`/api/v1/sites/${id}`).set(admin)).body.location).toBe('a');
  });

  it('paginates with limit and cursor in creation order', async () => {
    const prefix = `page-${Date.now()}`;
    for (let i = 0; i < 5; i++) {
      await ctl.http().post('/api/v1/sites').set(admin).send(siteBody({ name: `${prefix}-${i}`, location: prefix })).expect(201);
    }
    const first = await ctl.http().get(`/api/v1/sites?location=${prefix}&limit=2`).set(admin).expect(200);
    const second = await ctl.http().get(`/api/v1/sites?location=${prefix}&limit=2&cursor=${first.body.nextCursor}`).set(admin).expect(200);
    const third = await ctl.http().get(`/api/v1/sites?location=${prefix}&limit=2&cursor=${second.body.nextCursor}`).set(admin).expect(200);
    const names = [...first.body.items, ...second.body.items, ...third.body.items].map((s: any) => s.name);
    expect(names).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`));
    expect(third.body.nextCursor).toBeNull();
  });

  describe('bad input gets 400 naming the field, and writes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['a plain-http endpoint', { armEndpoint: 'http://management.local' }, 'armEndpoint', 'https-url'],
      ['a wrong type', { location: 42 }, 'location', 'isString'],
      ['a tenant that is neither a GUID nor adfs', { tenantId: 'contoso' }, 'tenantId', 'tenant'],
      ['a subscription that is not a GUID', { subscriptionId: 'sub-1' }, 'subscriptionId', 'guid'],
      ['a CA that is not a certificate', { caCertificate: 'hello' }, 'caCertificate', 'pem-certificate'],
      ['an unknown field', { colour: 'blue' }, 'colour', 'unknown-field'],
      ['an unknown API profile', { apiProfile: 'latest' }, 'apiProfile', 'isIn'],
    ];
    it.each(cases)('%s', async (_label, override, field, rule) => {
      const body = siteBody(override);
      const res = await ctl.http().post('/api/v1/sites').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('validation-failed');
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      const list = await ctl.http().get(`/api/v1/sites?name=${body.name}`).set(admin).expect(200);
      expect(list.body.items).toHaveLength(0);
    });

    it('a missing field', async () => {
      const { clientSecret: _omit, ...body } = siteBody();
      const res = await ctl.http().post('/api/v1/sites').set(admin).send(body).expect(400);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'clientSecret' })]));
    });

    it('a duplicate name', async () => {
      const body = siteBody();
      await ctl.http().post('/api/v1/sites').set(admin).send(body).expect(201);
      const auditBefore = await ctl.http().get('/api/v1/audit?resourceType=site&action=site.create&limit=500').set(admin);
      const res = await ctl.http().post('/api/v1/sites').set(admin).send({ ...body, location: 'elsewhere' }).expect(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'name', rule: 'unique' })]);
      const list = await ctl.http().get(`/api/v1/sites?name=${body.name}`).set(admin);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0].location).toBe('east');
      const auditAfter = await ctl.http().get('/api/v1/audit?resourceType=site&action=site.create&limit=500').set(admin);
      expect(auditAfter.body.items).toHaveLength(auditBefore.body.items.length);
    });

    it('malformed JSON', async () => {
      const res = await ctl.http().post('/api/v1/sites').set(admin).set('Content-Type', 'application/json').send('{"name":').expect(400);
      expect(res.body.error.code).toBe('malformed-json');
    });
  });

  it('never lets the client secret out: not in responses, the audit log or the logs', async () => {
    const secret = 'very-secret-value-4f1c2a9e-should-never-appear';
    const created = await ctl.http().post('/api/v1/sites').set(admin).send(siteBody({ clientSecret: secret })).expect(201);
    await ctl.http().patch(`/api/v1/sites/${created.body.id}`).set(admin).send({ clientSecret: `${secret}-2` }).expect(200);
    const responses = [
      created.text,
      (await ctl.http().get(`/api/v1/sites/${created.body.id}`).set(admin)).text,
      (await ctl.http().get('/api/v1/sites?limit=500').set(admin)).text,
      (await ctl.http().get(`/api/v1/audit?resourceId=${created.body.id}`).set(admin)).text,
    ];
    for (const text of responses) expect(text).not.toContain(secret);
    const audit = JSON.parse(responses[3]);
    expect(audit.items.map((e: any) => e.action)).toEqual(['site.update', 'site.create']);
    expect(audit.items[0].change.clientSecret).toBe('[write-only]');
    expect(ctl.logs.lines.length).toBeGreaterThan(0);
    expect(ctl.logs.text()).not.toContain(secret);
  });
});

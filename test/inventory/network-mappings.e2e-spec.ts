import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { auditCount, backendPoolId, createSite, nsgId, subnetId, unique, vmId } from './inventory-fixtures';

describe('network mappings', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let sites: { sourceSiteId: string; targetSiteId: string };

  const mappingBody = (overrides: Record<string, unknown> = {}): Record<string, any> => ({
    name: unique('net'),
    ...sites,
    sourceSubnetId: subnetId(unique('vnet-a')),
    targetSubnetId: subnetId('vnet-b'),
    testSubnetId: subnetId('vnet-b-test'),
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) =>
    (await ctl.http().post('/api/v1/network-mappings').set(admin).send(mappingBody(overrides)).expect(201))
      .body;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    sites = { sourceSiteId: (await createSite(ctl)).id, targetSiteId: (await createSite(ctl)).id };
  });
  afterAll(async () => {
    await ctl.close();
    await dropTestDatabase(databaseUrl);
  });

  it('creates a full mapping, reads, lists, updates and deletes it, auditing each change', async () => {
    const body = mappingBody({
      staticIps: [
        { sourceIp: '10.1.0.4', targetIp: '10.2.0.4' },
        { sourceIp: '10.1.0.5', targetIp: '10.2.0.5' },
      ],
      nsgs: [{ sourceNsgId: nsgId('nsg-a'), targetNsgId: nsgId('nsg-b'), testNsgId: nsgId('nsg-b-test') }],
      loadBalancers: [
        { sourceBackendPoolId: backendPoolId('lb-a'), targetBackendPoolId: backendPoolId('lb-b') },
      ],
      publicIp: true,
    });
    const created = await ctl.http().post('/api/v1/network-mappings').set(admin).send(body).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      ...body,
      ipMode: 'map',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);
    const id = created.body.id;

    expect((await ctl.http().get(`/api/v1/network-mappings/${id}`).set(admin).expect(200)).body).toEqual(
      created.body,
    );
    const list = await ctl.http().get(`/api/v1/network-mappings?name=${body.name}`).set(admin).expect(200);
    expect(list.body.items).toEqual([created.body]);

    const updated = await ctl
      .http()
      .patch(`/api/v1/network-mappings/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ staticIps: [], publicIp: false, nsgs: [] })
      .expect(200);
    // The static IP list is gone, so "map" means nothing any more: back to dynamic addresses.
    expect(updated.body).toMatchObject({
      staticIps: [],
      ipMode: 'dynamic',
      publicIp: false,
      nsgs: [],
      version: 2,
    });
    expect(updated.body.loadBalancers).toEqual(body.loadBalancers);

    await ctl.http().delete(`/api/v1/network-mappings/${id}`).set(admin).set('If-Match', '"2"').expect(204);
    await ctl.http().get(`/api/v1/network-mappings/${id}`).set(admin).expect(404);
    const audit = await ctl.http().get(`/api/v1/audit?resourceId=${id}`).set(admin).expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      'network-mapping.delete',
      'network-mapping.update',
      'network-mapping.create',
    ]);
  });

  it('defaults: dynamic addresses without static IPs, no public IP, empty lists', async () => {
    const created = await create();
    expect(created).toMatchObject({
      ipMode: 'dynamic',
      staticIps: [],
      nsgs: [],
      loadBalancers: [],
      publicIp: false,
    });
    const keep = await create({ ipMode: 'keep' });
    expect(keep.ipMode).toBe('keep');
  });

  it('refuses a stale update with 412 and keeps the newer data', async () => {
    const { id } = await create();
    await ctl
      .http()
      .patch(`/api/v1/network-mappings/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ publicIp: true })
      .expect(200);
    const stale = await ctl
      .http()
      .patch(`/api/v1/network-mappings/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ publicIp: false })
      .expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'stale-version',
      details: { expectedVersion: 1, currentVersion: 2 },
    });
    expect((await ctl.http().get(`/api/v1/network-mappings/${id}`).set(admin)).body).toMatchObject({
      publicIp: true,
      version: 2,
    });
  });

  describe('bad input gets 400 naming the field and rule, and writes nothing', () => {
    const cases: Array<[string, () => Record<string, unknown>, string, string]> = [
      [
        'the same source and target site',
        () => ({ targetSiteId: sites.sourceSiteId }),
        'targetSiteId',
        'different-site',
      ],
      [
        'a site that does not exist',
        () => ({ sourceSiteId: '00000000-0000-4000-8000-000000000009' }),
        'sourceSiteId',
        'exists',
      ],
      [
        'a subnet ID that is a VNet',
        () => ({ sourceSubnetId: subnetId('vnet-a').replace(/\/subnets\/default$/, '') }),
        'sourceSubnetId',
        'arm-resource-id',
      ],
      ['a subnet ID that is a VM', () => ({ targetSubnetId: vmId() }), 'targetSubnetId', 'arm-resource-id'],
      [
        'a subnet ID that is not an ARM ID',
        () => ({ testSubnetId: 'vnet-b/test' }),
        'testSubnetId',
        'arm-resource-id',
      ],
      [
        'a test subnet that is the production subnet',
        () => ({ testSubnetId: subnetId('vnet-b') }),
        'testSubnetId',
        'isolated-test-subnet',
      ],
      [
        'a static IP that is not IPv4',
        () => ({ staticIps: [{ sourceIp: '10.1.0.256', targetIp: '10.2.0.4' }] }),
        'staticIps[0].sourceIp',
        'ipv4',
      ],
      [
        'a target IP used twice',
        () => ({
          staticIps: [
            { sourceIp: '10.1.0.4', targetIp: '10.2.0.4' },
            { sourceIp: '10.1.0.5', targetIp: '10.2.0.4' },
          ],
        }),
        'staticIps[1].targetIp',
        'unique-target-ip',
      ],
      [
        'static IPs with dynamic addresses',
        () => ({ ipMode: 'dynamic', staticIps: [{ sourceIp: '10.1.0.4', targetIp: '10.2.0.4' }] }),
        'staticIps',
        'ip-mode',
      ],
      ['an unknown IP mode', () => ({ ipMode: 'random' }), 'ipMode', 'isIn'],
      [
        'static IPs that are not a list',
        () => ({ staticIps: { sourceIp: '10.1.0.4', targetIp: '10.2.0.4' } }),
        'staticIps',
        'isArray',
      ],
      [
        'an NSG mapping with a subnet ID',
        () => ({ nsgs: [{ sourceNsgId: nsgId('a'), targetNsgId: subnetId('vnet-b') }] }),
        'nsgs[0].targetNsgId',
        'arm-resource-id',
      ],
      [
        'a test NSG that is the production NSG',
        () => ({ nsgs: [{ sourceNsgId: nsgId('a'), targetNsgId: nsgId('b'), testNsgId: nsgId('b') }] }),
        'nsgs[0].testNsgId',
        'isolated-test-nsg',
      ],
      [
        'an unknown field in an NSG mapping',
        () => ({ nsgs: [{ sourceNsgId: nsgId('a'), targetNsgId: nsgId('b'), priority: 100 }] }),
        'nsgs[0].priority',
        'unknown-field',
      ],
      [
        'a load balancer mapping with an LB ID, not a pool',
        () => ({
          loadBalancers: [
            {
              sourceBackendPoolId: backendPoolId('lb-a'),
              targetBackendPoolId: backendPoolId('lb-b').replace(/\/backendAddressPools\/pool$/, ''),
            },
          ],
        }),
        'loadBalancers[0].targetBackendPoolId',
        'arm-resource-id',
      ],
      ['a public IP flag given as text', () => ({ publicIp: 'yes' }), 'publicIp', 'isBoolean'],
      ['an unknown field', () => ({ mtu: 1500 }), 'mtu', 'unknown-field'],
      ['a name of the wrong type', () => ({ name: 7 }), 'name', 'isString'],
    ];
    it.each(cases)('%s', async (_label, override, field, rule) => {
      const body = mappingBody(override());
      const before = await auditCount(ctl, 'network-mapping.create');
      const res = await ctl.http().post('/api/v1/network-mappings').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('validation-failed');
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      );
      const list = await ctl.http().get('/api/v1/network-mappings?limit=500').set(admin).expect(200);
      expect(list.body.items.filter((m: any) => m.sourceSubnetId === body.sourceSubnetId)).toHaveLength(0);
      expect(await auditCount(ctl, 'network-mapping.create')).toBe(before);
    });

    it.each(['name', 'sourceSiteId', 'targetSiteId', 'sourceSubnetId', 'targetSubnetId', 'testSubnetId'])(
      'a missing %s',
      async (field) => {
        const body: Record<string, unknown> = mappingBody();
        delete body[field];
        const res = await ctl.http().post('/api/v1/network-mappings').set(admin).send(body).expect(400);
        expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      },
    );

    it('a duplicate name, and a second mapping of the same source subnet in the same direction', async () => {
      const first = await create();
      const before = await auditCount(ctl, 'network-mapping.create');
      const byName = await ctl
        .http()
        .post('/api/v1/network-mappings')
        .set(admin)
        .send(mappingBody({ name: first.name }))
        .expect(400);
      expect(byName.body.error.details).toEqual([expect.objectContaining({ field: 'name', rule: 'unique' })]);
      const bySubnet = await ctl
        .http()
        .post('/api/v1/network-mappings')
        .set(admin)
        .send(mappingBody({ sourceSubnetId: first.sourceSubnetId.toLowerCase() }))
        .expect(400);
      expect(bySubnet.body.error.details).toEqual([
        expect.objectContaining({ field: 'sourceSubnetId', rule: 'unique' }),
      ]);
      expect(await auditCount(ctl, 'network-mapping.create')).toBe(before);
      // The way back is another mapping.
      await create({
        sourceSubnetId: first.sourceSubnetId,
        sourceSiteId: sites.targetSiteId,
        targetSiteId: sites.sourceSiteId,
      });
    });

    it('an update that breaks a rule leaves the mapping as it was', async () => {
      const mapping = await create({ staticIps: [{ sourceIp: '10.1.0.4', targetIp: '10.2.0.4' }] });
      const before = await auditCount(ctl, 'network-mapping.update');
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ testSubnetId: mapping.targetSubnetId }, 'testSubnetId', 'isolated-test-subnet'],
        [{ targetSiteId: sites.sourceSiteId }, 'targetSiteId', 'different-site'],
        [{ ipMode: 'keep' }, 'staticIps', 'ip-mode'],
        [{ staticIps: null }, 'staticIps', 'isArray'],
      ];
      for (const [patch, field, rule] of cases) {
        const res = await ctl.http().patch(`/api/v1/network-mappings/${mapping.id}`).set(admin).send(patch);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.error.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field, rule })]),
        );
      }
      expect((await ctl.http().get(`/api/v1/network-mappings/${mapping.id}`).set(admin)).body).toEqual(
        mapping,
      );
      expect(await auditCount(ctl, 'network-mapping.update')).toBe(before);
    });
  });

  it('filters by source and target site, and paginates in creation order', async () => {
    const [c, d] = [(await createSite(ctl)).id, (await createSite(ctl)).id];
    const made = [
      await create({ sourceSiteId: c, targetSiteId: d }),
      await create({ sourceSiteId: d, targetSiteId: c }),
      await create({ sourceSiteId: c, targetSiteId: d }),
      await create({ sourceSiteId: c, targetSiteId: sites.targetSiteId }),
    ];
    const ids = async (query: string) =>
      (await ctl.http().get(`/api/v1/network-mappings?${query}`).set(admin).expect(200)).body.items.map(
        (m: any) => m.id,
      );
    expect(await ids(`sourceSiteId=${c}`)).toEqual([made[0].id, made[2].id, made[3].id]);
    expect(await ids(`sourceSiteId=${c}&targetSiteId=${d}`)).toEqual([made[0].id, made[2].id]);
    expect(await ids(`targetSiteId=${c}`)).toEqual([made[1].id]);
    await ctl.http().get('/api/v1/network-mappings?sourceSiteId=east').set(admin).expect(400);

    const first = await ctl
      .http()
      .get(`/api/v1/network-mappings?sourceSiteId=${c}&limit=2`)
      .set(admin)
      .expect(200);
    const second = await ctl
      .http()
      .get(`/api/v1/network-mappings?sourceSiteId=${c}&limit=2&cursor=${first.body.nextCursor}`)
      .set(admin)
      .expect(200);
    expect([...first.body.items, ...second.body.items].map((m: any) => m.id)).toEqual([
      made[0].id,
      made[2].id,
      made[3].id,
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('keeps a site that a mapping uses', async () => {
    const site = await createSite(ctl);
    const mapping = await create({ targetSiteId: site.id });
    expect((await ctl.http().delete(`/api/v1/sites/${site.id}`).set(admin).expect(409)).body.error.code).toBe(
      'still-referenced',
    );
    await ctl.http().delete(`/api/v1/network-mappings/${mapping.id}`).set(admin).expect(204);
    await ctl.http().delete(`/api/v1/sites/${site.id}`).set(admin).expect(204);
  });
});

import { Client } from 'pg';
import { PairService } from '@twinsite/replication';
import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import {
  armId,
  auditCount,
  createApplication,
  createPair,
  createSite,
  pairBody,
  vmId,
} from './inventory-fixtures';

const PRIMARY_URL = 'postgres://monitor:pg-primary-pass-7d1e@db-a.contoso.local:5432/payments';
const REPLICA_URL = 'postgresql://monitor:pg-replica-pass-91c3@db-b.contoso.local:5432/payments';
const MYSQL_PRIMARY = 'mysql://monitor:my-primary-pass-55aa@db-a.contoso.local:3306/shop';
const MYSQL_REPLICA = 'mariadb://monitor:my-replica-pass-66bb@db-b.contoso.local:3306/shop';
const SECRETS = [
  'pg-primary-pass-7d1e',
  'pg-replica-pass-91c3',
  'my-primary-pass-55aa',
  'my-replica-pass-66bb',
];

describe('replication pairs', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let refs: { applicationId: string; sourceSiteId: string; targetSiteId: string };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    const [a, b] = [await createSite(ctl), await createSite(ctl)];
    const app = await createApplication(ctl, { rpoSeconds: 40 });
    refs = { applicationId: app.id, sourceSiteId: a.id, targetSiteId: b.id };
  });
  afterAll(async () => {
    await ctl.close();
    await dropTestDatabase(databaseUrl);
  });

  it('creates a pair with the documented defaults, reads, lists, updates and deletes it', async () => {
    const body = pairBody(refs, { sourceResourceId: vmId('vm-web-01') });
    const created = await ctl.http().post('/api/v1/pairs').set(admin).send(body).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      ...refs,
      sourceResourceId: body.sourceResourceId,
      name: 'vm-web-01',
      target: { resourceGroup: 'rg-app-dr', mode: 'from-recovery-point' },
      // a quarter of the application's 40 s RPO
      sampleIntervalSeconds: 10,
      lagSource: { kind: 'agent' },
      state: 'initial',
      lagSeconds: null,
      lastRecoveryPointAt: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);
    const id = created.body.id;

    const read = await ctl.http().get(`/api/v1/pairs/${id}`).set(admin).expect(200);
    expect(read.body).toEqual(created.body);
    const list = await ctl
      .http()
      .get(`/api/v1/pairs?applicationId=${refs.applicationId}&limit=500`)
      .set(admin)
      .expect(200);
    expect(list.body.items.find((p: any) => p.id === id)).toEqual(created.body);

    const target = {
      resourceGroup: 'rg-dr-2',
      vmSize: 'Standard_D2_v2',
      staticIp: '10.20.0.4',
      name: 'vm-web-01-dr',
      mode: 'standby',
      standbyVmId: vmId('vm-web-01-standby'),
    };
    const updated = await ctl
      .http()
      .patch(`/api/v1/pairs/${id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({
        name: 'web 1',
        sampleIntervalSeconds: 3600,
        target,
        lagSource: { kind: 'arm-snapshot', resourceGroup: 'rg-snapshots' },
      })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: 'web 1',
      sampleIntervalSeconds: 3600,
      target,
      lagSource: { kind: 'arm-snapshot', resourceGroup: 'rg-snapshots' },
      version: 2,
    });
    expect(updated.headers.etag).toMatch(/^"2-[A-Za-z0-9_-]{16}"$/);

    await ctl.http().delete(`/api/v1/pairs/${id}`).set(admin).set('If-Match', '"2"').expect(204);
    await ctl.http().get(`/api/v1/pairs/${id}`).set(admin).expect(404);
    const audit = await ctl
      .http()
      .get(`/api/v1/audit?resourceType=pair&resourceId=${id}`)
      .set(admin)
      .expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['pair.delete', 'pair.update', 'pair.create']);
  });

  it('refuses a stale update with 412 and keeps the newer data', async () => {
    const pair = await createPair(ctl, refs);
    await ctl
      .http()
      .patch(`/api/v1/pairs/${pair.id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ name: 'first' })
      .expect(200);
    const stale = await ctl
      .http()
      .patch(`/api/v1/pairs/${pair.id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ name: 'second' })
      .expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'stale-version',
      details: { expectedVersion: 1, currentVersion: 2 },
    });
    await ctl
      .http()
      .patch(`/api/v1/pairs/${pair.id}`)
      .set(admin)
      .send({ name: 'third', version: 1 })
      .expect(412);
    expect((await ctl.http().get(`/api/v1/pairs/${pair.id}`).set(admin)).body).toMatchObject({
      name: 'first',
      version: 2,
    });
  });

  describe('database lag sources', () => {
    it('stores the URLs sealed, shows only that they are set, and keeps them when an update leaves them out', async () => {
      const created = await ctl
        .http()
        .post('/api/v1/pairs')
        .set(admin)
        .send(
          pairBody(refs, {
            lagSource: {
              kind: 'postgres',
              primaryUrl: PRIMARY_URL,
              replicaUrl: REPLICA_URL,
              heartbeatIntervalSeconds: 5,
            },
          }),
        )
        .expect(201);
      expect(created.body.lagSource).toEqual({
        kind: 'postgres',
        heartbeatIntervalSeconds: 5,
        credentialsSet: true,
      });
      const id = created.body.id;

      const updated = await ctl
        .http()
        .patch(`/api/v1/pairs/${id}`)
        .set(admin)
        .send({ lagSource: { kind: 'postgres', heartbeatIntervalSeconds: 15 } })
        .expect(200);
      expect(updated.body.lagSource).toEqual({
        kind: 'postgres',
        heartbeatIntervalSeconds: 15,
        credentialsSet: true,
      });
      // The lag monitor gets the URLs back, opened.
      expect(await ctl.app.get(PairService).getSecrets(id)).toMatchObject({
        kind: 'postgres',
        primaryUrl: PRIMARY_URL,
        replicaUrl: REPLICA_URL,
      });

      // Another database kind needs its own URLs.
      const switched = await ctl
        .http()
        .patch(`/api/v1/pairs/${id}`)
        .set(admin)
        .send({ lagSource: { kind: 'mysql' } })
        .expect(400);
      expect(switched.body.error.details).toEqual([
        expect.objectContaining({ field: 'lagSource.primaryUrl', rule: 'isDefined' }),
        expect.objectContaining({ field: 'lagSource.replicaUrl', rule: 'isDefined' }),
      ]);
      await ctl
        .http()
        .patch(`/api/v1/pairs/${id}`)
        .set(admin)
        .send({ lagSource: { kind: 'mysql', primaryUrl: MYSQL_PRIMARY, replicaUrl: MYSQL_REPLICA } })
        .expect(200);
      expect(await ctl.app.get(PairService).getSecrets(id)).toMatchObject({
        kind: 'mysql',
        primaryUrl: MYSQL_PRIMARY,
        replicaUrl: MYSQL_REPLICA,
      });

      // Switching to a kind without credentials forgets them.
      const agent = await ctl
        .http()
        .patch(`/api/v1/pairs/${id}`)
        .set(admin)
        .send({ lagSource: { kind: 'agent' } })
        .expect(200);
      expect(agent.body.lagSource).toEqual({ kind: 'agent' });
      expect(await ctl.app.get(PairService).getSecrets(id)).toBeNull();

      // Nothing of the URLs in any response, audit entry, log line, or in the clear in the database.
      const texts = [
        created.text,
        updated.text,
        (await ctl.http().get(`/api/v1/pairs/${id}`).set(admin)).text,
        (await ctl.http().get('/api/v1/pairs?limit=500').set(admin)).text,
        (await ctl.http().get(`/api/v1/audit?resourceId=${id}`).set(admin)).text,
        ctl.logs.text(),
      ];
      expect(ctl.logs.lines.length).toBeGreaterThan(0);
      for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
      const audit = JSON.parse(texts[4]).items;
      expect(audit.map((e: any) => e.action)).toEqual([
        'pair.update',
        'pair.update',
        'pair.update',
        'pair.create',
      ]);
      expect(audit[3].change.lagSource).toEqual({
        kind: 'postgres',
        primaryUrl: '[write-only]',
        replicaUrl: '[write-only]',
        heartbeatIntervalSeconds: 5,
      });

      const created2 = await createPair(ctl, refs, {
        lagSource: { kind: 'postgres', primaryUrl: PRIMARY_URL, replicaUrl: REPLICA_URL },
      });
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query('SELECT row_to_json(p)::text AS row FROM pairs p WHERE id = $1', [
          created2.id,
        ]);
        expect(rows[0].row).toContain('lag_source_secrets_sealed');
        for (const secret of SECRETS) expect(rows[0].row).not.toContain(secret);
      } finally {
        await db.end();
      }
    });
  });

  describe('bad input gets 400 naming the field and rule, and writes nothing', () => {
    const site = (key: 'sourceSiteId' | 'targetSiteId') => (r: typeof refs) => r[key];
    const cases: Array<[string, (r: typeof refs) => Record<string, unknown>, string, string]> = [
      ['a site id that is not a UUID', () => ({ sourceSiteId: 'site-a' }), 'sourceSiteId', 'isUuid'],
      [
        'the same source and target site',
        (r) => ({ targetSiteId: site('sourceSiteId')(r) }),
        'targetSiteId',
        'different-site',
      ],
      [
        'a site that does not exist',
        () => ({ targetSiteId: '00000000-0000-4000-8000-000000000001' }),
        'targetSiteId',
        'exists',
      ],
      [
        'an application that does not exist',
        () => ({ applicationId: '00000000-0000-4000-8000-000000000002' }),
        'applicationId',
        'exists',
      ],
      [
        'a source that is not an ARM ID',
        () => ({ sourceResourceId: 'vm-web-01' }),
        'sourceResourceId',
        'arm-resource-id',
      ],
      [
        'a source that is a disk, not a VM',
        () => ({ sourceResourceId: armId('Microsoft.Compute/disks', 'disk-1') }),
        'sourceResourceId',
        'arm-resource-id',
      ],
      [
        'a source with a subscription that is not a GUID',
        () => ({
          sourceResourceId:
            '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
        }),
        'sourceResourceId',
        'arm-resource-id',
      ],
      ['a source of the wrong type', () => ({ sourceResourceId: 42 }), 'sourceResourceId', 'arm-resource-id'],
      ['a sample interval under 5 s', () => ({ sampleIntervalSeconds: 4 }), 'sampleIntervalSeconds', 'min'],
      [
        'a sample interval over an hour',
        () => ({ sampleIntervalSeconds: 3601 }),
        'sampleIntervalSeconds',
        'max',
      ],
      [
        'a sample interval given as text',
        () => ({ sampleIntervalSeconds: '30' }),
        'sampleIntervalSeconds',
        'isInt',
      ],
      ['a name sent as null', () => ({ name: null }), 'name', 'isString'],
      ['an unknown field', () => ({ colour: 'blue' }), 'colour', 'unknown-field'],
      ['a target that is not an object', () => ({ target: 'rg-dr' }), 'target', 'isObject'],
      [
        'a target resource group ending in a period',
        () => ({ target: { resourceGroup: 'rg-dr.' } }),
        'target.resourceGroup',
        'resource-group-name',
      ],
      [
        'a target static IP that is not IPv4',
        () => ({ target: { resourceGroup: 'rg', staticIp: '10.0.0.300' } }),
        'target.staticIp',
        'ipv4',
      ],
      [
        'an unknown target mode',
        () => ({ target: { resourceGroup: 'rg', mode: 'hot' } }),
        'target.mode',
        'isIn',
      ],
      [
        'a standby VM without standby mode',
        () => ({ target: { resourceGroup: 'rg', standbyVmId: vmId() } }),
        'target.standbyVmId',
        'only-with',
      ],
      [
        'an unknown field in target',
        () => ({ target: { resourceGroup: 'rg', zone: '1' } }),
        'target.zone',
        'unknown-field',
      ],
      [
        'an unknown lag source kind',
        () => ({ lagSource: { kind: 'carrier-pigeon' } }),
        'lagSource.kind',
        'isIn',
      ],
      ['a lag source without a kind', () => ({ lagSource: {} }), 'lagSource.kind', 'isIn'],
      ['a lag source that is a list', () => ({ lagSource: [{ kind: 'agent' }] }), 'lagSource', 'isObject'],
      [
        'a postgres lag source without replicaUrl',
        () => ({ lagSource: { kind: 'postgres', primaryUrl: PRIMARY_URL } }),
        'lagSource.replicaUrl',
        'isDefined',
      ],
      [
        'a postgres lag source with a mysql URL',
        () => ({ lagSource: { kind: 'postgres', primaryUrl: MYSQL_PRIMARY, replicaUrl: REPLICA_URL } }),
        'lagSource.primaryUrl',
        'database-url',
      ],
      [
        'a mysql lag source with a postgres URL',
        () => ({ lagSource: { kind: 'mysql', primaryUrl: MYSQL_PRIMARY, replicaUrl: REPLICA_URL } }),
        'lagSource.replicaUrl',
        'database-url',
      ],
      [
        'a heartbeat interval of zero',
        () => ({
          lagSource: {
            kind: 'mysql',
            primaryUrl: MYSQL_PRIMARY,
            replicaUrl: MYSQL_REPLICA,
            heartbeatIntervalSeconds: 0,
          },
        }),
        'lagSource.heartbeatIntervalSeconds',
        'min',
      ],
      [
        'an agent lag source with URLs',
        () => ({ lagSource: { kind: 'agent', primaryUrl: PRIMARY_URL } }),
        'lagSource.primaryUrl',
        'unknown-field',
      ],
      [
        'an arm-snapshot resource group that is not one',
        () => ({ lagSource: { kind: 'arm-snapshot', resourceGroup: 'a/b' } }),
        'lagSource.resourceGroup',
        'resource-group-name',
      ],
    ];
    it.each(cases)('%s', async (_label, override, field, rule) => {
      const body = pairBody(refs, override(refs));
      const before = await auditCount(ctl, 'pair.create');
      const res = await ctl.http().post('/api/v1/pairs').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('validation-failed');
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      );
      for (const secret of SECRETS) expect(res.text).not.toContain(secret);
      const list = await ctl.http().get('/api/v1/pairs?limit=500').set(admin).expect(200);
      expect(list.body.items.filter((p: any) => p.sourceResourceId === body.sourceResourceId)).toHaveLength(
        0,
      );
      expect(await auditCount(ctl, 'pair.create')).toBe(before);
    });

    it.each(['applicationId', 'sourceSiteId', 'targetSiteId', 'sourceResourceId', 'target', 'lagSource'])(
      'a missing %s',
      async (field) => {
        const body: Record<string, unknown> = pairBody(refs);
        delete body[field];
        const res = await ctl.http().post('/api/v1/pairs').set(admin).send(body).expect(400);
        expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      },
    );

    it('a VM that is already protected from that site, in any casing', async () => {
      const first = await createPair(ctl, refs);
      const before = await auditCount(ctl, 'pair.create');
      const shouted = first.sourceResourceId
        .replace('virtualMachines', 'VIRTUALMACHINES')
        .replace('rg-app', 'RG-APP');
      const res = await ctl
        .http()
        .post('/api/v1/pairs')
        .set(admin)
        .send(pairBody(refs, { sourceResourceId: shouted }))
        .expect(400);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ field: 'sourceResourceId', rule: 'unique' }),
      ]);
      expect(await auditCount(ctl, 'pair.create')).toBe(before);
    });

    it('an update that changes what the pair is, or breaks a rule, leaves it as it was', async () => {
      const pair = await createPair(ctl, refs);
      const before = await auditCount(ctl, 'pair.update');
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ sourceSiteId: refs.targetSiteId }, 'sourceSiteId', 'immutable'],
        [{ sourceResourceId: vmId() }, 'sourceResourceId', 'immutable'],
        [{ lagSource: { kind: 'postgres', primaryUrl: PRIMARY_URL } }, 'lagSource.replicaUrl', 'isDefined'],
        [{ lagSource: null }, 'lagSource', 'isObject'],
        [{ sampleIntervalSeconds: null }, 'sampleIntervalSeconds', 'isInt'],
        [{ applicationId: '00000000-0000-4000-8000-000000000003' }, 'applicationId', 'exists'],
      ];
      for (const [patch, field, rule] of cases) {
        const res = await ctl.http().patch(`/api/v1/pairs/${pair.id}`).set(admin).send(patch);
        expect([field, res.status]).toEqual([field, 400]);
        expect(res.body.error.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field, rule })]),
        );
      }
      const read = await ctl.http().get(`/api/v1/pairs/${pair.id}`).set(admin).expect(200);
      expect(read.body).toEqual(pair);
      expect(await auditCount(ctl, 'pair.update')).toBe(before);
    });
  });

  it('filters by application, site, state and lag source kind, and paginates in creation order', async () => {
    const [c, d] = [await createSite(ctl), await createSite(ctl)];
    const app = await createApplication(ctl);
    const r = { applicationId: app.id, sourceSiteId: c.id, targetSiteId: d.id };
    const pairs = [
      await createPair(ctl, r),
      await createPair(ctl, r, { lagSource: { kind: 'arm-snapshot' } }),
      await createPair(ctl, { ...r, sourceSiteId: d.id, targetSiteId: c.id }),
      await createPair(ctl, r, {
        lagSource: { kind: 'mysql', primaryUrl: MYSQL_PRIMARY, replicaUrl: MYSQL_REPLICA },
      }),
      await createPair(ctl, r),
    ];
    const ids = async (query: string) =>
      (
        await ctl.http().get(`/api/v1/pairs?applicationId=${app.id}&${query}`).set(admin).expect(200)
      ).body.items.map((p: any) => p.id);
    expect(await ids(`sourceSiteId=${c.id}`)).toEqual(
      [pairs[0], pairs[1], pairs[3], pairs[4]].map((p) => p.id),
    );
    expect(await ids(`targetSiteId=${c.id}`)).toEqual([pairs[2].id]);
    expect(await ids('lagSourceKind=arm-snapshot')).toEqual([pairs[1].id]);
    expect(await ids('lagSourceKind=mysql')).toEqual([pairs[3].id]);
    expect(await ids('state=initial')).toEqual(pairs.map((p) => p.id));
    expect(await ids('state=protected')).toEqual([]);
    await ctl.http().get('/api/v1/pairs?state=sleeping').set(admin).expect(400);
    await ctl.http().get('/api/v1/pairs?lagSourceKind=pigeon').set(admin).expect(400);
    await ctl.http().get('/api/v1/pairs?applicationId=nope').set(admin).expect(400);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await ctl
        .http()
        .get(`/api/v1/pairs?applicationId=${app.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(admin)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((p: any) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(pairs.map((p) => p.id));
  });

  it('lists each pair exactly as a single read shows it, lag figures included', async () => {
    const app = await createApplication(ctl);
    const r = { ...refs, applicationId: app.id };
    const made = [
      await createPair(ctl, r),
      await createPair(ctl, r, {
        name: 'db "primary"',
        lagSource: {
          kind: 'postgres',
          primaryUrl: PRIMARY_URL,
          replicaUrl: REPLICA_URL,
          heartbeatIntervalSeconds: 5,
        },
      }),
      await createPair(ctl, r, {
        lagSource: { kind: 'arm-snapshot', resourceGroup: 'rg-snaps' },
        target: { resourceGroup: 'rg', mode: 'standby', standbyVmId: vmId() },
      }),
    ];
    // What the lag monitor will write.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `UPDATE pairs SET state = 'lagging', lag_seconds = 12.345678, last_recovery_point_at = now() - interval '12.345678 seconds' WHERE id = $1`,
        [made[1].id],
      );
    } finally {
      await db.end();
    }
    const list = await ctl.http().get(`/api/v1/pairs?applicationId=${app.id}`).set(admin).expect(200);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    const singles = [];
    for (const pair of made)
      singles.push((await ctl.http().get(`/api/v1/pairs/${pair.id}`).set(admin).expect(200)).body);
    expect(list.body).toEqual({ items: singles, nextCursor: null });
    expect(singles[1]).toMatchObject({
      state: 'lagging',
      lagSeconds: 12.345678,
      lastRecoveryPointAt: expect.stringMatching(/Z$/),
    });
    for (const secret of SECRETS) expect(list.text).not.toContain(secret);
  });

  it('issues an agent token once, for that pair only, and revokes it on rotation and deletion', async () => {
    const pair = await createPair(ctl, refs);
    const first = await ctl.http().post(`/api/v1/pairs/${pair.id}/agent-token`).set(admin).expect(201);
    expect(first.body).toMatchObject({
      name: `agent:${pair.name}`,
      role: 'agent',
      pairId: pair.id,
      token: expect.stringMatching(/^tws_/),
    });
    // An agent token is not a reader's token: it is known (403, not 401) but may not list pairs.
    const forbidden = await ctl.http().get('/api/v1/pairs').set(bearer(first.body.token)).expect(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    const tokens = await ctl.http().get('/api/v1/tokens').set(admin).expect(200);
    expect(tokens.text).not.toContain(first.body.token);

    const second = await ctl.http().post(`/api/v1/pairs/${pair.id}/agent-token`).set(admin).expect(201);
    await ctl.http().get('/api/v1/pairs').set(bearer(first.body.token)).expect(401);
    await ctl.http().get('/api/v1/pairs').set(bearer(second.body.token)).expect(403);

    await ctl.http().delete(`/api/v1/pairs/${pair.id}`).set(admin).expect(204);
    await ctl.http().get('/api/v1/pairs').set(bearer(second.body.token)).expect(401);
    await ctl.http().post(`/api/v1/pairs/${pair.id}/agent-token`).set(admin).expect(404);
    expect(ctl.logs.text()).not.toContain(second.body.token);
  });

  it('keeps a site that pairs replicate from or to', async () => {
    const [e, f] = [await createSite(ctl), await createSite(ctl)];
    const pair = await createPair(ctl, { ...refs, sourceSiteId: e.id, targetSiteId: f.id });
    const res = await ctl.http().delete(`/api/v1/sites/${f.id}`).set(admin).expect(409);
    expect(res.body.error.code).toBe('still-referenced');
    await ctl.http().get(`/api/v1/sites/${f.id}`).set(admin).expect(200);
    await ctl.http().delete(`/api/v1/pairs/${pair.id}`).set(admin).expect(204);
    await ctl.http().delete(`/api/v1/sites/${f.id}`).set(admin).expect(204);
  });
});

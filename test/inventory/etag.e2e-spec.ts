import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { createApplication, createPair, createSite } from './inventory-fixtures';

/**
 * A pair's lag moves without its version changing (agents' checkpoints must not make an
 * operator's edit fail with 412), so the ETag has to follow the body, not just the version:
 * otherwise a client revalidating with If-None-Match is told 304 while the lag has moved.
 */
describe('ETags: conditional reads follow the body, conditional writes follow the version', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let pair: { id: string; version: number };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    const [a, b] = [await createSite(ctl), await createSite(ctl)];
    const app = await createApplication(ctl);
    pair = await createPair(ctl, { applicationId: app.id, sourceSiteId: a.id, targetSiteId: b.id });
  });
  afterAll(async () => {
    await ctl?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  const get = (etag?: string) => {
    const req = ctl.http().get(`/api/v1/pairs/${pair.id}`).set(admin);
    return etag ? req.set('If-None-Match', etag) : req;
  };
  const rename = (ifMatch: string, name: string) =>
    ctl.http().patch(`/api/v1/pairs/${pair.id}`).set(admin).set('If-Match', ifMatch).send({ name });

  it('answers 304 while the pair is unchanged, and 200 with the new body once its lag moves', async () => {
    const first = await get().expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"1-[A-Za-z0-9_-]{12,16}"$/);

    const revalidated = await get(etag).expect(304);
    expect(revalidated.text ?? '').toBe('');
    await get(`W/${etag}`).expect(304);

    const at = new Date(Date.now() - 30_000).toISOString();
    await ctl
      .http()
      .post(`/api/v1/pairs/${pair.id}/checkpoints`)
      .set(admin)
      .send({ recoveryPointAt: at, consistency: 'crash' })
      .expect(201);

    const moved = await get(etag).expect(200);
    expect(moved.body).toMatchObject({ id: pair.id, version: 1, lastRecoveryPointAt: at });
    expect(moved.body.lastRecoveryPointAt).not.toBe(first.body.lastRecoveryPointAt);
    expect(moved.headers.etag).toMatch(/^"1-/);
    expect(moved.headers.etag).not.toBe(etag);
    await get(moved.headers.etag).expect(304);
  });

  it('takes the new ETag form in If-Match, compares only its version, and refuses a stale one with 412', async () => {
    const current = await get().expect(200);
    const version = current.body.version;
    const updated = await rename(current.headers.etag, 'renamed by etag').expect(200);
    expect(updated.body).toMatchObject({ name: 'renamed by etag', version: version + 1 });
    expect(updated.headers.etag).toMatch(new RegExp(`^"${version + 1}-`));

    const stale = await rename(current.headers.etag, 'lost update').expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'stale-version',
      details: { resource: 'pair', id: pair.id, expectedVersion: version, currentVersion: version + 1 },
    });

    // A checkpoint after the read changes the digest but not the version: the write still goes through.
    await ctl
      .http()
      .post(`/api/v1/pairs/${pair.id}/checkpoints`)
      .set(admin)
      .send({ recoveryPointAt: new Date(Date.now() - 5_000).toISOString(), consistency: 'crash' })
      .expect(201);
    const weak = await rename(`W/${updated.headers.etag}`, 'renamed by weak etag').expect(200);
    expect(weak.body.version).toBe(version + 2);

    // The bare "<version>" the console and the CLI send keeps working.
    await rename(`"${version + 2}"`, 'renamed by version').expect(200);
    await rename(`"${version + 2}"`, 'stale again').expect(412);

    expect((await get().expect(200)).body).toMatchObject({
      name: 'renamed by version',
      version: version + 3,
    });
  });

  it('refuses an If-Match it cannot read with 400 naming the header, and changes nothing', async () => {
    const before = (await get().expect(200)).body;
    const res = await rename('"not-an-etag"', 'nope').expect(400);
    expect(res.body.error).toMatchObject({
      code: 'validation-failed',
      details: [expect.objectContaining({ field: 'If-Match', rule: 'etag' })],
    });
    expect((await get().expect(200)).body).toEqual(before);
  });
});

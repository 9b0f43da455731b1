import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { siteBody } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { eventually } from '../support/eventually';
import { PgProcess, startPgProcess } from '../support/pg-process';

describe('the store', () => {
  it('migrates a fresh database from empty, and keeps everything across a restart', async () => {
    const databaseUrl = await createTestDatabase();
    let ctl = await startController({ databaseUrl });
    const site = await ctl.http().post('/api/v1/sites').set(admin).send(siteBody()).expect(201);
    await ctl.close();

    ctl = await startController({ databaseUrl });
    const read = await ctl.http().get(`/api/v1/sites/${site.body.id}`).set(admin).expect(200);
    expect(read.body).toMatchObject({ name: site.body.name, version: 1 });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const applied = await client.query('SELECT count(*)::int AS n FROM typeorm_migrations');
    await client.end();
    expect(applied.rows[0].n).toBeGreaterThan(0);
    await ctl.close();
    await dropTestDatabase(databaseUrl);
  });

  describe('when the database goes away at run time', () => {
    let dir: string;
    let port: number;
    let pg: PgProcess;
    let ctl: TestController;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-outage-'));
      fs.chmodSync(dir, 0o777);
      port = await freePort();
      pg = await startPgProcess(path.join(dir, 'data'), port);
      ctl = await startController({ databaseUrl: pg.url });
    });
    afterAll(async () => {
      await ctl.close();
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('stays up, reports not ready, answers 503, then reconnects on its own', async () => {
      await ctl.http().get('/readyz').expect(200);
      await pg.stop();

      const notReady = await ctl.http().get('/readyz').expect(503);
      expect(notReady.body.error.code).toBe('not-ready');
      expect(notReady.body.error.details.database).toMatchObject({ status: 'down' });
      await ctl.http().get('/healthz').expect(200);
      const apiCall = await ctl.http().get('/api/v1/sites').set(admin);
      expect(apiCall.status).toBe(503);
      expect(apiCall.body.error.code).toBe('database-unavailable');

      pg = await startPgProcess(path.join(dir, 'data'), port);
      await eventually(async () => {
        await ctl.http().get('/readyz').expect(200);
      });
      await ctl.http().post('/api/v1/sites').set(admin).send(siteBody()).expect(201);
    });
  });
});

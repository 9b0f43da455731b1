import { Client } from 'pg';
import { MysqlLagSource } from '@twinsite/replication';
import { startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { SseClient } from '../alerts/alerts-support';
import {
  alertEvents,
  createPair,
  estate,
  eventStream,
  getPair,
  openAlerts,
  Refs,
  sampleNow,
  sleep,
  sql,
} from './lag-support';
import { MariaDbReplication, MONITOR_PASSWORD, startMariaDbReplication } from './mariadb-replication';

/** Two private mariadbd instances, the second replicating from the first: the heartbeat method on binlog replication. */
describe('mysql lag source against a real MariaDB primary and replica', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let db: Client;
  let refs: Refs;
  let my: MariaDbReplication;
  let stream: SseClient;
  let pairId: string;
  const RPO = 6;

  const sample = () => sampleNow(ctl, db, [pairId]);
  const lagNow = async () => (await getPair(ctl, pairId)).lagSeconds as number;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    my = await startMariaDbReplication();
    ctl = await startController({ databaseUrl });
    db = await sql(databaseUrl);
    refs = await estate(ctl, RPO);
    stream = await eventStream(ctl);
    pairId = (
      await createPair(ctl, refs, {
        lagSource: {
          kind: 'mysql',
          primaryUrl: my.primaryUrl,
          replicaUrl: my.replicaUrl,
          heartbeatIntervalSeconds: 1,
        },
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await stream?.close();
    await db?.end();
    await ctl?.close();
    await my?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('an idle primary stays green; the heartbeat table is created on the primary and replicated', async () => {
    for (let i = 0; i < 4; i++) {
      await sample();
      expect(await lagNow()).toBeLessThan(2);
      await sleep(700);
    }
    expect((await getPair(ctl, pairId)).state).toBe('protected');
    expect(await openAlerts(ctl, pairId)).toEqual([]);
    const rows = await my.query('replica', `SELECT written_at FROM app.twinsite_heartbeat WHERE id = ?`, [
      pairId,
    ]);
    expect(rows).toHaveLength(1);
    const { rows: diag } = await db.query(`SELECT lag_diagnostics, lag_error FROM pairs WHERE id = $1`, [
      pairId,
    ]);
    expect(diag[0].lag_diagnostics.replica).toMatchObject({
      replicating: true,
      ioRunning: 'Yes',
      sqlRunning: 'Yes',
    });
    expect(JSON.stringify(diag[0])).not.toContain(MONITOR_PASSWORD);
  });

  it('STOP SLAVE SQL_THREAD: lag grows, warning then breach on the event stream; START SLAVE SQL_THREAD: they resolve', async () => {
    await my.query('replica', 'STOP SLAVE SQL_THREAD');
    const stoppedAt = Date.now();
    try {
      let lag = 0;
      while (lag <= RPO + 1) {
        await sample();
        lag = await lagNow();
        expect(lag).toBeLessThanOrEqual((Date.now() - stoppedAt) / 1000 + 1.5);
        if (Date.now() - stoppedAt > 40_000) throw new Error(`lag did not grow: ${lag}`);
        await sleep(1000);
      }
      expect((await getPair(ctl, pairId)).state).toBe('lagging');
      expect(await openAlerts(ctl, pairId)).toEqual(['rpo-breach', 'rpo-warning']);
      await stream.waitFor(
        (e) => e.type === 'alert' && e.data.alert.pairId === pairId && e.data.alert.kind === 'rpo-breach',
      );
      expect(alertEvents(stream, pairId)).toEqual(['opened:rpo-warning', 'opened:rpo-breach']);
      const { rows } = await db.query(`SELECT lag_diagnostics FROM pairs WHERE id = $1`, [pairId]);
      expect(rows[0].lag_diagnostics.replica.sqlRunning).toBe('No');
    } finally {
      await my.query('replica', 'START SLAVE SQL_THREAD');
    }
    await sleep(500);
    await sample();
    expect(await lagNow()).toBeLessThan(2);
    expect(await openAlerts(ctl, pairId)).toEqual([]);
    await stream.waitFor(
      (e) =>
        e.type === 'alert' &&
        e.data.alert.pairId === pairId &&
        e.data.event === 'resolved' &&
        e.data.alert.kind === 'rpo-breach',
    );
    expect(alertEvents(stream, pairId).slice(2).sort()).toEqual([
      'resolved:rpo-breach',
      'resolved:rpo-warning',
    ]);
  });

  it('a "replica" URL that reaches the primary itself is failing, never a false green', async () => {
    const wrong = await createPair(ctl, refs, {
      lagSource: { kind: 'mysql', primaryUrl: my.primaryUrl, replicaUrl: my.primaryUrl },
    });
    await sampleNow(ctl, db, [wrong.id]);
    const pair = await getPair(ctl, wrong.id);
    expect(pair.state).toBe('failing');
    expect(pair.lagSeconds).toBeNull();
    const { rows } = await db.query(`SELECT lag_error FROM pairs WHERE id = $1`, [wrong.id]);
    expect(rows[0].lag_error).toMatch(/reaches the primary itself/);
  });

  it('a primary whose clock is off by 2 minutes: the lag stays within one heartbeat interval', async () => {
    const source = ctl.app.get(MysqlLagSource);
    source.heartbeatClockOffsetSeconds = -120;
    try {
      for (let i = 0; i < 3; i++) {
        await sample();
        await sleep(700);
      }
      await sample();
      expect(await lagNow()).toBeLessThan(2);
      await my.query('replica', 'STOP SLAVE SQL_THREAD');
      const stoppedAt = Date.now();
      try {
        for (let i = 0; i < 4; i++) {
          await sleep(1000);
          await sample();
          expect(Math.abs((await lagNow()) - (Date.now() - stoppedAt) / 1000)).toBeLessThanOrEqual(1.5);
        }
      } finally {
        await my.query('replica', 'START SLAVE SQL_THREAD');
      }
    } finally {
      source.heartbeatClockOffsetSeconds = 0;
    }
  });
});

import { Client } from 'pg';
import { PostgresLagSource } from '@twinsite/replication';
import { admin, startController, TestController } from '../support/controller';
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
import { PgReplication, startPgReplication } from './pg-replication';

/**
 * A real PostgreSQL primary and streaming standby: WAL replay paused on the standby
 * makes the lag grow for real, resumed it recovers, the primary stopped makes the
 * source unreadable, and a primary whose clock is off does not distort the lag.
 */
describe('postgres lag source against a real primary and standby', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let db: Client;
  let refs: Refs;
  let pg: PgReplication;
  let stream: SseClient;
  let pairId: string;
  const RPO = 6;

  const sample = () => sampleNow(ctl, db, [pairId]);
  const lagNow = async () => (await getPair(ctl, pairId)).lagSeconds as number;
  /** Samples about once a second for `seconds`, returning the lags seen. */
  const sampleFor = async (seconds: number) => {
    const lags: number[] = [];
    for (const end = Date.now() + seconds * 1000; Date.now() < end; ) {
      await sample();
      lags.push(await lagNow());
      await sleep(1000);
    }
    return lags;
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    pg = await startPgReplication();
    ctl = await startController({ databaseUrl });
    db = await sql(databaseUrl);
    refs = await estate(ctl, RPO);
    stream = await eventStream(ctl);
    const pair = await createPair(ctl, refs, {
      lagSource: {
        kind: 'postgres',
        primaryUrl: pg.primaryUrl,
        replicaUrl: pg.replicaUrl,
        heartbeatIntervalSeconds: 1,
      },
    });
    pairId = pair.id;
  }, 120_000);
  afterAll(async () => {
    await stream?.close();
    await db?.end();
    await ctl?.close();
    await pg?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('writes heartbeats on the primary (table created there), reads them on the standby: an idle primary stays green', async () => {
    await sample();
    const lags = await sampleFor(3);
    expect(Math.max(...lags)).toBeLessThan(2);
    const pair = await getPair(ctl, pairId);
    expect(pair.state).toBe('protected');
    expect(await openAlerts(ctl, pairId)).toEqual([]);
    const [beat] = await pg.query('replica', `SELECT written_at FROM twinsite_heartbeat WHERE id = $1`, [
      pairId,
    ]);
    expect(beat.written_at).toBeInstanceOf(Date);
    // Diagnostics from pg_stat_replication and the standby's replay position are kept with the pair.
    const { rows } = await db.query(`SELECT lag_diagnostics FROM pairs WHERE id = $1`, [pairId]);
    expect(rows[0].lag_diagnostics.primary.pgStatReplication).toEqual([
      expect.objectContaining({ state: 'streaming' }),
    ]);
    expect(rows[0].lag_diagnostics.replica).toMatchObject({ inRecovery: true, walReplayPaused: false });
    // And operators see them with the lag history.
    const lag = await ctl.http().get(`/api/v1/pairs/${pairId}/lag`).set(admin).expect(200);
    expect(lag.body.source).toMatchObject({
      stale: false,
      error: null,
      consecutiveFailures: 0,
      sampledAt: expect.any(String),
    });
    expect(lag.body.source.diagnostics.heartbeat).toMatchObject({ intervalSeconds: 1 });
    expect(JSON.stringify(lag.body)).not.toContain('unused-password');
  });

  it('WAL replay paused: lag grows, the warning then the breach open on the event stream; resumed: they resolve', async () => {
    await pg.query('replica', `SELECT pg_wal_replay_pause()`);
    const pausedAt = Date.now();
    try {
      let lag = 0;
      while (lag <= RPO + 1) {
        await sample();
        lag = await lagNow();
        // Never more than the time since the pause (plus one heartbeat interval).
        expect(lag).toBeLessThanOrEqual((Date.now() - pausedAt) / 1000 + 1.5);
        if (Date.now() - pausedAt > 40_000) throw new Error(`lag did not grow: ${lag}`);
        await sleep(1000);
      }
      expect((await getPair(ctl, pairId)).state).toBe('lagging');
      expect(await openAlerts(ctl, pairId)).toEqual(['rpo-breach', 'rpo-warning']);
      await stream.waitFor(
        (e) => e.type === 'alert' && e.data.alert.pairId === pairId && e.data.alert.kind === 'rpo-breach',
      );
      expect(alertEvents(stream, pairId)).toEqual(['opened:rpo-warning', 'opened:rpo-breach']);
      const { rows } = await db.query(`SELECT lag_diagnostics FROM pairs WHERE id = $1`, [pairId]);
      expect(rows[0].lag_diagnostics.replica.walReplayPaused).toBe(true);
    } finally {
      await pg.query('replica', `SELECT pg_wal_replay_resume()`);
    }
    await sleep(300);
    await sample();
    expect(await lagNow()).toBeLessThan(2);
    expect(await openAlerts(ctl, pairId)).toEqual([]);
    expect((await getPair(ctl, pairId)).state).toBe('protected');
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

  it.each([
    ['ahead of', 120],
    ['behind', -120],
  ])(
    'a primary whose clock is 2 minutes %s the others: the lag stays within one heartbeat interval of the truth',
    async (_label, offset) => {
      const source = ctl.app.get(PostgresLagSource);
      source.heartbeatClockOffsetSeconds = offset;
      try {
        const lags = await sampleFor(3);
        expect(Math.max(...lags)).toBeLessThan(2);
        // The skew is real: against the standby's own clock the newest heartbeat is 2 minutes off
        // (what a lag read as "replica now − heartbeat" would report).
        const [{ naive }] = await pg.query(
          'replica',
          `SELECT extract(epoch FROM now() - written_at)::float8 AS naive FROM twinsite_heartbeat WHERE id = $1`,
          [pairId],
        );
        expect(Math.abs(naive + offset)).toBeLessThan(3);
        await pg.query('replica', `SELECT pg_wal_replay_pause()`);
        const pausedAt = Date.now();
        try {
          // Sampled (so heartbeats written) every second: the lag tracks the time since the pause.
          for (let i = 0; i < 4; i++) {
            await sleep(1000);
            await sample();
            const truth = (Date.now() - pausedAt) / 1000;
            expect(Math.abs((await lagNow()) - truth)).toBeLessThanOrEqual(1.5);
          }
        } finally {
          await pg.query('replica', `SELECT pg_wal_replay_resume()`);
        }
        await sleep(500);
        await sample();
        expect(await lagNow()).toBeLessThan(2);
      } finally {
        source.heartbeatClockOffsetSeconds = 0;
      }
    },
  );

  it('a "replica" URL that reaches the primary itself is failing, never a false green', async () => {
    const wrong = await createPair(ctl, refs, {
      lagSource: {
        kind: 'postgres',
        primaryUrl: pg.primaryUrl,
        replicaUrl: pg.primaryUrl.replace('127.0.0.1', 'localhost'),
      },
    });
    await sampleNow(ctl, db, [wrong.id]);
    const pair = await getPair(ctl, wrong.id);
    expect(pair.state).toBe('failing');
    expect(pair.lagSeconds).toBeNull();
    const { rows } = await db.query(`SELECT lag_error FROM pairs WHERE id = $1`, [wrong.id]);
    expect(rows[0].lag_error).toMatch(/reaches the primary itself/);
  });

  it('the primary stopped: lag keeps rising at wall-clock rate from the last good reading, stale, never null or 0; it recovers when it is back', async () => {
    await sample();
    await pg.stopPrimary();
    try {
      for (let i = 0; i < 5; i++) {
        await sleep(1000);
        await sample();
      }
      const { rows } = await db.query(
        `SELECT (extract(epoch FROM at) * 1000)::float8 AS at_ms, lag_seconds, stale, failing FROM lag_samples WHERE pair_id = $1 ORDER BY at DESC LIMIT 6`,
        [pairId],
      );
      const [lastGood, ...down] = rows.reverse();
      expect(lastGood.failing).toBe(false);
      expect(down).toHaveLength(5);
      for (const s of down) {
        expect(s).toMatchObject({ stale: true, failing: true });
        expect(s.lag_seconds).not.toBeNull();
        expect(s.lag_seconds).toBeGreaterThan(0);
        // Rising at wall-clock rate from the last good reading (±1 s).
        const expected = lastGood.lag_seconds + (s.at_ms - lastGood.at_ms) / 1000;
        expect(Math.abs(s.lag_seconds - expected)).toBeLessThanOrEqual(1);
      }
      const pair = await getPair(ctl, pairId);
      expect(pair.state).toBe('failing');
      expect(pair.lagSeconds).toBeGreaterThan(4);
      expect(await openAlerts(ctl, pairId)).toContain('lag-source-failing');
      const { rows: errors } = await db.query(`SELECT lag_error FROM pairs WHERE id = $1`, [pairId]);
      expect(errors[0].lag_error).toMatch(/^primary: /);
      expect(errors[0].lag_error).not.toContain('unused-password');
    } finally {
      await pg.startPrimary();
    }
    // The standby reconnects by itself; the next samples are fresh again.
    let lag = Infinity;
    for (let i = 0; i < 20 && !(lag < 2); i++) {
      await sleep(500);
      await sample();
      const pair = await getPair(ctl, pairId);
      lag = pair.state === 'failing' ? Infinity : pair.lagSeconds;
    }
    expect(lag).toBeLessThan(2);
    expect(await openAlerts(ctl, pairId)).toEqual([]);
  });
});

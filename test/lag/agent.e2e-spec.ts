import { Client } from 'pg';
import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { SseClient } from '../alerts/alerts-support';
import {
  agentToken,
  alertEvents,
  createPair,
  estate,
  eventStream,
  getPair,
  openAlerts,
  Refs,
  sampleNow,
  sql,
} from './lag-support';

const iso = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

describe('agent lag source: checkpoints pushed by agents', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let db: Client;
  let refs: Refs;
  let stream: SseClient;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    db = await sql(databaseUrl);
    refs = await estate(ctl, 60);
    stream = await eventStream(ctl);
  });
  afterAll(async () => {
    await stream?.close();
    await db?.end();
    await ctl?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  const push = (pairId: string, token: string | null, body: unknown) => {
    const req = ctl.http().post(`/api/v1/pairs/${pairId}/checkpoints`);
    return (token ? req.set(bearer(token)) : req).send(body as object);
  };

  it('stores a checkpoint once however often it is pushed, and moves the recovery point only forward', async () => {
    const pair = await createPair(ctl, refs);
    const token = await agentToken(ctl, pair.id);
    const at = iso(-20);
    const first = await push(pair.id, token, { recoveryPointAt: at, consistency: 'application' }).expect(201);
    expect(first.body).toEqual({
      pairId: pair.id,
      recoveryPointAt: at,
      consistency: 'application',
      receivedAt: expect.any(String),
    });
    const again = await push(pair.id, token, { recoveryPointAt: at, consistency: 'application' }).expect(200);
    expect(again.body).toEqual(first.body);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM agent_checkpoints WHERE pair_id = $1`, [
      pair.id,
    ]);
    expect(rows[0].n).toBe(1);
    expect((await getPair(ctl, pair.id)).lastRecoveryPointAt).toBe(at);

    // An older checkpoint (a late retry) is kept, but the recovery point does not go back.
    await push(pair.id, token, { recoveryPointAt: iso(-300), consistency: 'crash' }).expect(201);
    const after = await getPair(ctl, pair.id);
    expect(after.lastRecoveryPointAt).toBe(at);
    // The agent's pushes never bump the pair's version (operators' edits must not get a spurious 412).
    expect(after.version).toBe(1);
  });

  it('refuses a checkpoint in the future beyond the clock-skew tolerance, naming recoveryPointAt; allows a little skew', async () => {
    const pair = await createPair(ctl, refs);
    const token = await agentToken(ctl, pair.id);
    const refused = await push(pair.id, token, { recoveryPointAt: iso(120), consistency: 'crash' }).expect(
      400,
    );
    expect(refused.body.error.code).toBe('validation-failed');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ field: 'recoveryPointAt', rule: 'not-in-future' }),
    ]);
    // Within the default 30 s tolerance: accepted, and the lag reads 0 (clamped), not negative.
    await push(pair.id, token, { recoveryPointAt: iso(10), consistency: 'crash' }).expect(201);
    await sampleNow(ctl, db, [pair.id]);
    const sampled = await getPair(ctl, pair.id);
    expect(sampled.state).toBe('protected');
    expect(sampled.lagSeconds).toBe(0);
  });

  it('takes only the pair’s own agent token: another pair’s is 403, none is 401; a malformed body is 400 naming the field', async () => {
    const pair = await createPair(ctl, refs);
    const other = await createPair(ctl, refs);
    const otherToken = await agentToken(ctl, other.id);
    const forbidden = await push(pair.id, otherToken, {
      recoveryPointAt: iso(-5),
      consistency: 'crash',
    }).expect(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    await push(pair.id, null, { recoveryPointAt: iso(-5), consistency: 'crash' }).expect(401);
    // The agent token does nothing else.
    await ctl.http().get(`/api/v1/pairs/${other.id}`).set(bearer(otherToken)).expect(403);

    const token = await agentToken(ctl, pair.id);
    const fields = async (body: unknown) =>
      (await push(pair.id, token, body).expect(400)).body.error.details.map((d: any) => d.field);
    expect(await fields({ recoveryPointAt: 'yesterday', consistency: 'crash' })).toEqual(['recoveryPointAt']);
    expect(await fields({ recoveryPointAt: '2026-11-27T10:00:00', consistency: 'crash' })).toEqual([
      'recoveryPointAt',
    ]);
    expect(await fields({ recoveryPointAt: iso(-5), consistency: 'fuzzy' })).toEqual(['consistency']);
    expect(await fields({ consistency: 'crash' })).toEqual(['recoveryPointAt']);
    expect(await fields({})).toEqual(['recoveryPointAt', 'consistency']);
    expect(await fields({ recoveryPointAt: iso(-5), consistency: 'crash', extra: 1 })).toEqual(['extra']);
    const notJson = await ctl
      .http()
      .post(`/api/v1/pairs/${pair.id}/checkpoints`)
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send('{"recoveryPointAt":');
    expect(notJson.status).toBe(400);
    // An operator may push for any pair.
    await push(pair.id, null, {}).set(admin).expect(400);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM agent_checkpoints WHERE pair_id = $1`, [
      pair.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('measures lag from the newest checkpoint: the warning then the breach open, on the event stream, and resolve when the agent catches up', async () => {
    const pair = await createPair(ctl, refs);
    const token = await agentToken(ctl, pair.id);
    await push(pair.id, token, { recoveryPointAt: iso(-10), consistency: 'crash' }).expect(201);
    await sampleNow(ctl, db, [pair.id]);
    let current = await getPair(ctl, pair.id);
    expect(current.state).toBe('protected');
    expect(current.lagSeconds).toBeGreaterThanOrEqual(10);
    expect(current.lagSeconds).toBeLessThan(15);
    await stream.waitFor((e) => e.type === 'lag' && e.data.pairId === pair.id);

    // The agent stalls: 50 s behind is over the warning threshold (80 % of 60 s), not the RPO.
    await push(pair.id, token, { recoveryPointAt: iso(-50), consistency: 'crash' }).expect(201);
    await db.query(
      `DELETE FROM agent_checkpoints WHERE pair_id = $1 AND recovery_point_at > now() - interval '40 seconds'`,
      [pair.id],
    );
    await sampleNow(ctl, db, [pair.id]);
    expect(await openAlerts(ctl, pair.id)).toEqual(['rpo-warning']);
    await stream.waitFor(
      (e) => e.type === 'alert' && e.data.alert.pairId === pair.id && e.data.alert.kind === 'rpo-warning',
    );

    await db.query(`DELETE FROM agent_checkpoints WHERE pair_id = $1`, [pair.id]);
    await push(pair.id, token, { recoveryPointAt: iso(-70), consistency: 'crash' }).expect(201);
    await sampleNow(ctl, db, [pair.id]);
    current = await getPair(ctl, pair.id);
    expect(current.state).toBe('lagging');
    expect(await openAlerts(ctl, pair.id)).toEqual(['rpo-breach', 'rpo-warning']);
    await stream.waitFor(
      (e) => e.type === 'alert' && e.data.alert.pairId === pair.id && e.data.alert.kind === 'rpo-breach',
    );
    const lagEvent = await stream.waitFor(
      (e) => e.type === 'lag' && e.data.pairId === pair.id && e.data.state === 'lagging',
    );
    expect(lagEvent.data).toEqual({
      pairId: pair.id,
      applicationId: refs.applicationId,
      lagSeconds: expect.any(Number),
      state: 'lagging',
      stale: false,
    });

    await push(pair.id, token, { recoveryPointAt: iso(-1), consistency: 'application' }).expect(201);
    await sampleNow(ctl, db, [pair.id]);
    expect(await openAlerts(ctl, pair.id)).toEqual([]);
    expect((await getPair(ctl, pair.id)).state).toBe('protected');
    await stream.waitFor(
      (e) =>
        e.type === 'alert' &&
        e.data.alert.pairId === pair.id &&
        e.data.event === 'resolved' &&
        e.data.alert.kind === 'rpo-breach',
    );
    const events = alertEvents(stream, pair.id);
    expect(events.slice(0, 2)).toEqual(['opened:rpo-warning', 'opened:rpo-breach']);
    expect(events.slice(2).sort()).toEqual(['resolved:rpo-breach', 'resolved:rpo-warning']);
  });

  it('an agent that never reports: failing, lag unknown (never 0), and lag-source-failing after two reads', async () => {
    const pair = await createPair(ctl, refs);
    await sampleNow(ctl, db, [pair.id]);
    let current = await getPair(ctl, pair.id);
    expect(current.state).toBe('failing');
    expect(current.lagSeconds).toBeNull();
    expect(await openAlerts(ctl, pair.id)).toEqual([]);
    await sampleNow(ctl, db, [pair.id]);
    expect(await openAlerts(ctl, pair.id)).toEqual(['lag-source-failing']);
    current = await getPair(ctl, pair.id);
    expect(current.lagSeconds).toBeNull();

    // The agent starts: the failing alert resolves.
    await push(pair.id, null, { recoveryPointAt: iso(-2), consistency: 'crash' })
      .set(admin)
      .expect(201);
    await sampleNow(ctl, db, [pair.id]);
    expect(await openAlerts(ctl, pair.id)).toEqual([]);
    expect((await getPair(ctl, pair.id)).state).toBe('protected');
  });

  it('keeps the history: GET /pairs/{id}/lag returns the samples of the window', async () => {
    const pair = await createPair(ctl, refs);
    await push(pair.id, null, { recoveryPointAt: iso(-3), consistency: 'crash' })
      .set(admin)
      .expect(201);
    for (let i = 0; i < 3; i++) await sampleNow(ctl, db, [pair.id]);
    const from = new Date(Date.now() - 60_000).toISOString();
    const res = await ctl.http().get(`/api/v1/pairs/${pair.id}/lag?from=${from}`).set(admin).expect(200);
    expect(res.body).toMatchObject({ pairId: pair.id, rpoSeconds: 60, resolution: 'raw' });
    expect(res.body.points).toHaveLength(3);
    expect(res.body.points[0]).toEqual({
      at: expect.any(String),
      lagSeconds: expect.any(Number),
      maxLagSeconds: expect.any(Number),
    });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM lag_samples WHERE pair_id = $1`, [
      pair.id,
    ]);
    expect(rows[0].n).toBe(3);
    await ctl
      .http()
      .get(`/api/v1/pairs/${pair.id}/lag?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`)
      .set(admin)
      .expect(400);
  });
});

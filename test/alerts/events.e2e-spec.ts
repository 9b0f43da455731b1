import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AlertsService } from '@twinsite/alerts';
import { EVENTS_CHANNEL, EventsService, TwinsiteEvent } from '@twinsite/events';
import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { issueToken, SseClient, uuid } from './alerts-support';

describe('event stream', () => {
  let databaseUrl: string;
  let a: TestController;
  let b: TestController;
  let viewerToken: string;
  let operatorToken: string;
  const clients: SseClient[] = [];

  const connect = async (ctl: TestController, query = '') => {
    const client = await SseClient.open(`${ctl.url}/api/v1/events?access_token=${viewerToken}${query}`);
    clients.push(client);
    return client;
  };
  const breach = (ctl: TestController, pairId = uuid()) =>
    ctl.app.get(AlertsService).applyPairConditions([
      {
        pairId,
        applicationId: uuid(),
        condition: 'breach',
        sourceFailing: false,
        lagSeconds: 400,
        rpoSeconds: 300,
      },
    ]);

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    a = await startController({ databaseUrl });
    b = await startController({ databaseUrl });
    viewerToken = (await issueToken(a, 'viewer')).token;
    operatorToken = (await issueToken(a, 'operator')).token;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([a?.close(), b?.close()]);
    await dropTestDatabase(databaseUrl);
  });

  it('needs a token, accepts it as ?access_token= (EventSource sends no headers), and checks ?types=', async () => {
    const none = await fetch(`${a.url}/api/v1/events`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('unauthenticated');
    expect((await fetch(`${a.url}/api/v1/events?access_token=tws_nope`)).status).toBe(401);
    // The query token works on the event stream only.
    expect((await fetch(`${a.url}/api/v1/alerts?access_token=${viewerToken}`)).status).toBe(401);
    const bad = await fetch(`${a.url}/api/v1/events?access_token=${viewerToken}&types=alert,gossip`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.details).toEqual([expect.objectContaining({ field: 'types' })]);

    const viaHeader = await SseClient.open(`${a.url}/api/v1/events`, bearer(viewerToken));
    clients.push(viaHeader);
    expect(viaHeader.status).toBe(200);
  });

  it('streams alert events as `event: alert`', async () => {
    const client = await connect(a);
    const pairId = uuid();
    const { opened } = await breach(a, pairId);
    const event = await client.waitFor(
      (e) => e.type === 'alert' && e.data.alert.pairId === pairId && e.data.alert.kind === 'rpo-breach',
    );
    expect(event.data).toEqual({
      event: 'opened',
      alert: expect.objectContaining({
        id: opened.find((x) => x.kind === 'rpo-breach')!.id,
        state: 'open',
        pairId,
      }),
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries events from one instance to the SSE clients of another (LISTEN/NOTIFY)', async () => {
    const onB = await connect(b);
    const pairId = uuid();
    const { opened } = await breach(a, pairId);
    const breachId = opened.find((x) => x.kind === 'rpo-breach')!.id;
    await onB.waitFor((e) => e.type === 'alert' && e.data.alert.id === breachId && e.data.event === 'opened');

    // An acknowledgement through A's HTTP API shows on B.
    await a
      .http()
      .post(`/api/v1/alerts/${breachId}/ack`)
      .set(bearer(operatorToken))
      .send({ note: 'seen' })
      .expect(200);
    const acked = await onB.waitFor(
      (e) => e.type === 'alert' && e.data.alert.id === breachId && e.data.event === 'acknowledged',
    );
    expect(acked.data.alert).toMatchObject({ state: 'acknowledged', note: 'seen' });
    // Delivered once, not once per path.
    expect(
      onB.events.filter(
        (e) => e.type === 'alert' && e.data.alert.id === breachId && e.data.event === 'opened',
      ),
    ).toHaveLength(1);
  });

  it('carries a burst of lag events to another instance packed into few notifications, in order, once each', async () => {
    const marker = uuid();
    const ours = (e: TwinsiteEvent) => e.type === 'lag' && e.data.marker === marker;
    const onA: TwinsiteEvent[] = [];
    const onB: TwinsiteEvent[] = [];
    const notifications = jest.fn();
    const subscriptions = [
      a.app
        .get(EventsService)
        .stream()
        .subscribe((e) => ours(e) && onA.push(e)),
      b.app
        .get(EventsService)
        .stream()
        .subscribe((e) => ours(e) && onB.push(e)),
    ];
    const spy = await listen(databaseUrl, (payload) => payload.includes(marker) && notifications());
    try {
      const sent = Array.from({ length: 500 }, (_, i) => ({
        type: 'lag' as const,
        data: { pairId: uuid(), marker, seq: i, lagSeconds: i / 10, state: 'healthy', stale: false },
      }));
      await a.app.get(EventsService).publishMany(sent);
      await eventually(async () => expect(onB).toHaveLength(500));
      expect(onB.map((e) => e.data.seq)).toEqual(sent.map((_, i) => i));
      expect(onB.map((e) => e.id)).toEqual(onA.map((e) => e.id));
      await eventually(async () => expect(notifications.mock.calls.length).toBeGreaterThan(0));
      expect(notifications.mock.calls.length).toBeLessThan(50);
      // The publisher's own copies come back through NOTIFY too: they must not be delivered twice.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(onA).toHaveLength(500);
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
      await spy.end();
    }
  });

  it('reads the single-envelope notifications of an instance that predates batching', async () => {
    const received: TwinsiteEvent[] = [];
    const subscription = b.app
      .get(EventsService)
      .stream()
      .subscribe((e) => received.push(e));
    try {
      const envelope = {
        id: uuid(),
        type: 'site',
        at: new Date().toISOString(),
        data: { id: uuid() },
        origin: uuid(),
      };
      await a.app
        .get<DataSource>(getDataSourceToken())
        .query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, JSON.stringify(envelope)]);
      const { origin: _origin, ...event } = envelope;
      await eventually(async () => expect(received).toContainEqual(event));
    } finally {
      subscription.unsubscribe();
    }
  });

  it('sends only the types asked for', async () => {
    const onlyAlerts = await connect(b, '&types=alert,run');
    const publisher = a.app.get(EventsService);
    const marker = uuid();
    await publisher.publish({ type: 'lag', data: { pairId: uuid(), lagSeconds: 1 } });
    await publisher.publish({ type: 'site', data: { id: uuid() } });
    await publisher.publish({ type: 'run', data: { id: marker } });
    // NOTIFY keeps the publisher's order, so once the run arrived the others would have too.
    await onlyAlerts.waitFor((e) => e.type === 'run' && e.data.id === marker);
    expect(onlyAlerts.events.map((e) => e.type).filter((t) => t !== 'alert' && t !== 'run')).toEqual([]);
  });

  it('sends lag events at most once per pair per 2 s: the first, then the latest', async () => {
    const client = await connect(a);
    const events = a.app.get(EventsService);
    const pairId = uuid();
    const other = uuid();
    // Ten readings in one tick (the publisher hands them to its own subscribers synchronously).
    const sent = Array.from({ length: 10 }, (_, i) =>
      events.publish({ type: 'lag', data: { pairId, lagSeconds: i } }),
    );
    sent.push(events.publish({ type: 'lag', data: { pairId: other, lagSeconds: 42 } }));
    await Promise.all(sent);
    await client.waitFor((e) => e.type === 'lag' && e.data.pairId === pairId && e.data.lagSeconds === 9);
    const forPair = client.events
      .filter((e) => e.type === 'lag' && e.data.pairId === pairId)
      .map((e) => e.data.lagSeconds);
    expect(forPair).toEqual([0, 9]);
    // Another pair is not held back by the first.
    expect(
      client.events.filter((e) => e.type === 'lag' && e.data.pairId === other).map((e) => e.data.lagSeconds),
    ).toEqual([42]);
  });

  it('sends an event too big for NOTIFY as a reference to refetch, the same on every instance', async () => {
    const onA = await connect(a, '&types=run');
    const onB = await connect(b, '&types=run');
    const id = uuid();
    await a.app.get(EventsService).publish({
      type: 'run',
      data: {
        id,
        planId: 'p-1',
        state: 'running',
        steps: Array.from({ length: 300 }, (_, i) => ({ i, log: 'x'.repeat(40) })),
      },
    });
    for (const client of [onA, onB]) {
      const event = await client.waitFor((e) => e.data.id === id);
      expect(event.data).toEqual({ truncated: true, id, planId: 'p-1', state: 'running' });
    }
  });

  it('reconnects its listener when the database drops the connection', async () => {
    const eventsB = b.app.get(EventsService);
    const db = a.app.get<DataSource>(getDataSourceToken());
    const backend = async () =>
      (await db.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [eventsB.listenerApplicationName],
      )) as Array<{
        pid: number;
      }>;
    const [before] = await backend();
    expect(before).toBeDefined();
    const onB = await connect(b, '&types=site');

    await db.query('SELECT pg_terminate_backend($1)', [before.pid]);
    await eventually(async () => expect(eventsB.isListening()).toBe(false), {
      timeoutMs: 2_000,
      intervalMs: 5,
    }).catch(() => undefined);

    // Events published on A reach B's client again once the listener is back.
    await eventually(async () => {
      const marker = uuid();
      await a.app.get(EventsService).publish({ type: 'site', data: { id: marker } });
      await onB.waitFor((e) => e.data.id === marker, 500);
    });
    const [after] = await backend();
    expect(after.pid).not.toBe(before.pid);
    expect(eventsB.isListening()).toBe(true);
    const metrics = (await b.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^twinsite_events_listener_up 1$/m);
    expect(metrics).toMatch(/^twinsite_events_listener_reconnects [1-9]\d*$/m);
  });

  it('lets go of a client that disconnects', async () => {
    const clientsNow = async () =>
      Number(
        /^twinsite_events_stream_clients (\d+)$/m.exec((await b.http().get('/metrics').expect(200)).text)![1],
      );
    const before = await clientsNow();
    const client = await SseClient.open(`${b.url}/api/v1/events?access_token=${viewerToken}`);
    expect(await clientsNow()).toBe(before + 1);
    await client.close();
    await eventually(async () => expect(await clientsNow()).toBe(before));
  });

  it('ends open streams when the instance shuts down', async () => {
    const c = await startController({ databaseUrl });
    const client = await SseClient.open(`${c.url}/api/v1/events?access_token=${viewerToken}`);
    await c.close();
    await client.finished();
    expect(client.ended).toBe(true);
  });

  it('keeps the event stream in the API description', async () => {
    const doc = (await a.http().get('/api/docs-json').expect(200)).body;
    const op = doc.paths['/api/v1/events'].get;
    expect(op['x-twinsite-access']).toBe('read');
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
    await a.http().get('/api/v1/alerts').set(admin).expect(200);
  });
});

/** A bare LISTENer on the event channel: what goes over the wire, whatever the instances make of it. */
async function listen(databaseUrl: string, onPayload: (payload: string) => void): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  client.on('notification', (m) => m.channel === EVENTS_CHANNEL && onPayload(m.payload ?? ''));
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return client;
}

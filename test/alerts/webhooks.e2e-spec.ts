import { AlertsService, verifySignature, WebhookDeliveryWorker } from '@twinsite/alerts';
import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { issueToken, uuid, WebhookReceiver } from './alerts-support';

const SECRET = 'whsec-test-0123456789';
/** Far enough ahead that every scheduled retry is due: the tests skip the backoff waits instead of sleeping through them. */
const later = () => new Date(Date.now() + 3_600_000);

describe('alert webhooks', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let alerts: AlertsService;
  let worker: WebhookDeliveryWorker;
  let receiver: WebhookReceiver;

  const breach = (pairId = uuid(), lagSeconds = 420) =>
    alerts.applyPairConditions([
      {
        pairId,
        applicationId: uuid(),
        condition: 'breach',
        sourceFailing: false,
        lagSeconds,
        rpoSeconds: 300,
      },
    ]);
  const clear = (pairId: string) =>
    alerts.applyPairConditions([
      {
        pairId,
        applicationId: uuid(),
        condition: 'ok',
        sourceFailing: false,
        lagSeconds: 5,
        rpoSeconds: 300,
      },
    ]);
  const subscribe = async (body: Record<string, unknown>) =>
    (
      await ctl
        .http()
        .post('/api/v1/alert-webhooks')
        .set(admin)
        .send({ name: `hook-${uuid().slice(0, 8)}`, ...body })
        .expect(201)
    ).body;
  const deliveries = async (subscriptionId: string, query = '') =>
    (
      await ctl
        .http()
        .get(`/api/v1/alert-webhooks/${subscriptionId}/deliveries?limit=500${query}`)
        .set(admin)
        .expect(200)
    ).body.items as any[];
  /** Runs the worker until nothing is due. */
  const drain = async (now = later()) => {
    while ((await worker.deliverDue(now)) > 0) {
      /* again */
    }
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    alerts = ctl.app.get(AlertsService);
    worker = ctl.app.get(WebhookDeliveryWorker);
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    // Every test starts with no subscriptions (their deliveries go with them).
    const list = await ctl.http().get('/api/v1/alert-webhooks?limit=500').set(admin).expect(200);
    for (const s of list.body.items)
      await ctl.http().delete(`/api/v1/alert-webhooks/${s.id}`).set(admin).expect(204);
    receiver.requests.length = 0;
  });
  afterAll(async () => {
    await ctl?.close();
    await receiver?.close();
    await dropTestDatabase(databaseUrl);
  });

  it('manages subscriptions as an admin; the secret is write-only and the URL path stays out of the audit log', async () => {
    const created = await subscribe({
      url: 'https://hooks.slack.example/services/T0/B0/SECRETPATH',
      format: 'slack',
      secret: SECRET,
      kinds: ['rpo-breach'],
    });
    expect(created).toMatchObject({
      format: 'slack',
      kinds: ['rpo-breach'],
      enabled: true,
      secretSet: true,
      version: 1,
    });
    expect(JSON.stringify(created)).not.toContain(SECRET);
    const read = await ctl.http().get(`/api/v1/alert-webhooks/${created.id}`).set(admin).expect(200);
    expect(read.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);
    const updated = await ctl
      .http()
      .patch(`/api/v1/alert-webhooks/${created.id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ enabled: false, secret: `${SECRET}-2` })
      .expect(200);
    expect(updated.body).toMatchObject({ enabled: false, version: 2, secretSet: true });
    await ctl
      .http()
      .patch(`/api/v1/alert-webhooks/${created.id}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ enabled: true })
      .expect(412);

    const audit = await ctl
      .http()
      .get(`/api/v1/audit?resourceType=alert-webhook&resourceId=${created.id}`)
      .set(admin)
      .expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      'alert-webhook.update',
      'alert-webhook.create',
    ]);
    expect(audit.text).not.toContain(SECRET);
    expect(audit.text).not.toContain('SECRETPATH');
    expect(audit.body.items[1].change).toMatchObject({
      secret: '[write-only]',
      url: 'https://hooks.slack.example/…',
    });
    expect(ctl.logs.text()).not.toContain(SECRET);

    const viewer = await issueToken(ctl, 'viewer');
    const operator = await issueToken(ctl, 'operator');
    await ctl.http().get('/api/v1/alert-webhooks').set(bearer(viewer.token)).expect(403);
    await ctl
      .http()
      .post('/api/v1/alert-webhooks')
      .set(bearer(operator.token))
      .send({ name: 'x', url: receiver.url() })
      .expect(403);
    await ctl
      .http()
      .get(`/api/v1/alert-webhooks/${created.id}/deliveries`)
      .set(bearer(operator.token))
      .expect(403);

    for (const [body, field] of [
      [{ name: 'bad', url: 'ftp://example.com/x' }, 'url'],
      [{ name: 'bad', url: 'https://user:pw@example.com/x' }, 'url'],
      [{ name: 'bad', url: receiver.url(), format: 'discord' }, 'format'],
      [{ name: 'bad', url: receiver.url(), kinds: ['everything'] }, 'kinds'],
      [{ name: 'bad', url: receiver.url(), secret: 'short' }, 'secret'],
      [{ name: read.body.name, url: receiver.url() }, 'name'],
    ] as const) {
      const res = await ctl.http().post('/api/v1/alert-webhooks').set(admin).send(body).expect(400);
      expect([field, res.body.error.details.map((d: any) => d.field)]).toEqual([
        field,
        expect.arrayContaining([field]),
      ]);
    }
    await ctl.http().delete(`/api/v1/alert-webhooks/${created.id}`).set(admin).expect(204);
    await ctl.http().get(`/api/v1/alert-webhooks/${created.id}`).set(admin).expect(404);
  });

  it('POSTs a generic JSON payload signed with an HMAC of the raw body', async () => {
    const hook = await subscribe({ url: receiver.url('/generic'), format: 'generic', secret: SECRET });
    const pairId = uuid();
    const { opened } = await breach(pairId);
    await drain(new Date());

    const received = receiver.on('/generic');
    expect(received).toHaveLength(2); // the warning and the breach
    for (const request of received) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(
        verifySignature(SECRET, request.rawBody, request.headers['x-twinsite-signature'] as string),
      ).toBe(true);
      expect(request.headers['x-twinsite-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(request.headers['x-twinsite-timestamp']).toMatch(/^\d{10}$/);
      expect(request.headers['x-twinsite-event']).toBe('alert.opened');
      expect(request.headers['x-twinsite-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const breachBody = received.find((r) => r.json.alert.kind === 'rpo-breach')!.json;
    const breachAlert = opened.find((x) => x.kind === 'rpo-breach')!;
    expect(breachBody).toEqual({
      event: 'opened',
      alert: expect.objectContaining({
        id: breachAlert.id,
        kind: 'rpo-breach',
        state: 'open',
        pairId,
        details: { lagSeconds: 420, rpoSeconds: 300, worstLagSeconds: 420 },
      }),
    });
    // A different secret does not verify: the signature is really keyed.
    expect(
      verifySignature(
        'another-secret',
        received[0].rawBody,
        received[0].headers['x-twinsite-signature'] as string,
      ),
    ).toBe(false);

    const log = await deliveries(hook.id);
    expect(log).toHaveLength(2);
    expect(
      log.every(
        (d) =>
          d.status === 'delivered' &&
          d.httpStatus === 200 &&
          d.attempt === 1 &&
          d.finishedAt &&
          d.nextAttemptAt === null,
      ),
    ).toBe(true);

    // Acknowledged and resolved are notified too, in that order.
    const operator = await issueToken(ctl, 'operator', 'on-call');
    await ctl
      .http()
      .post(`/api/v1/alerts/${breachAlert.id}/ack`)
      .set(bearer(operator.token))
      .send({ note: 'on it' })
      .expect(200);
    await clear(pairId);
    await drain(new Date());
    const events = receiver
      .on('/generic')
      .filter((r) => r.json.alert.id === breachAlert.id)
      .map((r) => [r.json.event, r.json.alert.state]);
    expect(events).toEqual([
      ['opened', 'open'],
      ['acknowledged', 'acknowledged'],
      ['resolved', 'resolved'],
    ]);
    expect(receiver.on('/generic').find((r) => r.json.event === 'acknowledged')!.json.alert).toMatchObject({
      acknowledgedBy: 'on-call',
      note: 'on it',
    });
  });

  it('sends Slack- and Teams-shaped messages, only for the kinds asked for', async () => {
    await subscribe({
      url: receiver.url('/slack'),
      format: 'slack',
      kinds: ['rpo-breach', 'site-unreachable'],
    });
    await subscribe({
      url: receiver.url('/teams'),
      format: 'teams',
      secret: SECRET,
      kinds: ['site-unreachable'],
    });
    const siteId = uuid();
    await breach();
    await alerts.setSiteReachable(siteId, false);
    await drain(new Date());

    const slack = receiver.on('/slack');
    expect(slack.map((r) => r.json.blocks[0].text.text).sort()).toEqual([
      'RPO breach opened',
      'Site unreachable opened',
    ]);
    for (const r of slack) {
      expect(typeof r.json.text).toBe('string');
      expect(r.json.blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'context']);
      // No secret, no signature.
      expect(r.headers['x-twinsite-signature']).toBeUndefined();
    }
    expect(slack.find((r) => r.json.text.includes('RPO breach'))!.json.text).toMatch(/lag 7m, RPO 5m$/);

    const teams = receiver.on('/teams');
    expect(teams).toHaveLength(1);
    expect(teams[0].json).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      title: 'Site unreachable opened',
      themeColor: 'D13438',
      sections: [
        expect.objectContaining({
          activityTitle: `site ${siteId}`,
          facts: expect.arrayContaining([{ name: 'Subject', value: `site ${siteId}` }]),
        }),
      ],
    });
    expect(
      verifySignature(SECRET, teams[0].rawBody, teams[0].headers['x-twinsite-signature'] as string),
    ).toBe(true);
    await alerts.setSiteReachable(siteId, true);
  });

  it('retries a failing receiver with backoff and keeps every attempt in the log', async () => {
    const hook = await subscribe({ url: receiver.url('/flaky'), secret: SECRET, kinds: ['rpo-breach'] });
    receiver.respondWith(500, 502);
    const { opened } = await breach();
    const alertId = opened.find((x) => x.kind === 'rpo-breach')!.id;

    expect(await worker.deliverDue(new Date())).toBe(1);
    // The retry is not due yet: a round now sends nothing.
    expect(await worker.deliverDue(new Date())).toBe(0);
    await drain();

    const log = await deliveries(hook.id, `&alertId=${alertId}`);
    expect(log.map((d) => [d.attempt, d.status, d.httpStatus, d.event])).toEqual([
      [1, 'retrying', 500, 'opened'],
      [2, 'retrying', 502, 'opened'],
      [3, 'delivered', 200, 'opened'],
    ]);
    expect(log[0].error).toBe('HTTP 500: receiver says no (500)');
    // 1 s, then 2 s after each failed attempt finished.
    expect(Date.parse(log[0].nextAttemptAt) - Date.parse(log[0].finishedAt)).toBe(1_000);
    expect(Date.parse(log[1].nextAttemptAt) - Date.parse(log[1].finishedAt)).toBe(2_000);
    expect(log[1].createdAt).toBe(log[0].finishedAt);
    // The receiver got the same signed body three times.
    const bodies = receiver.on('/flaky').map((r) => r.rawBody);
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies).size).toBe(1);
    expect(
      receiver
        .on('/flaky')
        .every((r) => verifySignature(SECRET, r.rawBody, r.headers['x-twinsite-signature'] as string)),
    ).toBe(true);
  });

  it('gives up after six attempts, and records unreachable receivers', async () => {
    const down = await WebhookReceiver.start();
    const deadUrl = down.url('/gone');
    await down.close();
    const hook = await subscribe({ url: deadUrl, kinds: ['rpo-breach'] });
    const failing = await subscribe({ url: receiver.url('/always-503'), kinds: ['rpo-breach'] });
    receiver.respondWith(503, 503, 503, 503, 503, 503);
    await breach();
    await drain();

    const refused = await deliveries(hook.id);
    expect(refused.map((d) => d.status)).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'retrying',
      'retrying',
      'failed',
    ]);
    expect(refused[0].httpStatus).toBeNull();
    expect(refused[0].error).toMatch(/ECONNREFUSED/);
    const log = await deliveries(failing.id);
    expect(log.map((d) => [d.attempt, d.status, d.httpStatus])).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 503],
      [3, 'retrying', 503],
      [4, 'retrying', 503],
      [5, 'retrying', 503],
      [6, 'failed', 503],
    ]);
    expect(log[5].nextAttemptAt).toBeNull();
    expect((await deliveries(failing.id, '&status=failed')).map((d) => d.attempt)).toEqual([6]);
  });

  it('never tells a receiver "resolved" before "opened", even when "opened" needs a retry', async () => {
    await subscribe({ url: receiver.url('/ordered'), kinds: ['rpo-breach'] });
    receiver.respondWith(500);
    const pairId = uuid();
    await breach(pairId);
    await clear(pairId);
    // Both are pending; only "opened" may go, and it fails.
    expect(await worker.deliverDue(new Date())).toBe(1);
    await drain();
    expect(receiver.on('/ordered').map((r) => [r.json.event, r.json.alert.state])).toEqual([
      ['opened', 'open'],
      ['opened', 'open'],
      ['resolved', 'resolved'],
    ]);
  });

  it('delivers on its own when the schedulers run, and not when they are off', async () => {
    await subscribe({ url: receiver.url('/scheduled'), kinds: ['site-unreachable'] });
    const siteId = uuid();
    await alerts.setSiteReachable(siteId, false);
    // This instance has its schedulers off (as every test controller): nothing is sent by itself.
    await worker.tick();
    expect(receiver.on('/scheduled')).toHaveLength(0);

    const scheduled = await startController({ databaseUrl, env: { TWINSITE_SCHEDULERS: 'true' } });
    try {
      await eventually(async () => expect(receiver.on('/scheduled')).toHaveLength(1));
    } finally {
      await scheduled.close();
    }
    await alerts.setSiteReachable(siteId, true);
  });
});

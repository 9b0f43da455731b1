import { SiteUnreachableError } from '@twinsite/azure';
import { eventually } from '../support/eventually';
import { admin, gateway, lastSeq, LoggedRequest, requestLog, SimHarness, siteFor, startSim } from './support';

// The gateway riding out what stamps do under load and in outages: throttling with
// Retry-After, server errors, a stamp that refuses connections or hangs.

/** For each refused call, the same call's next attempt, so waits can be checked per call. */
function retriesAfter(
  log: LoggedRequest[],
  statuses: number[],
): Array<{ refused: LoggedRequest; retry: LoggedRequest }> {
  const pairs: Array<{ refused: LoggedRequest; retry: LoggedRequest }> = [];
  log.forEach((entry, i) => {
    if (entry.status === null || !statuses.includes(entry.status)) return;
    const retry = log.slice(i + 1).find((e) => e.method === entry.method && e.path === entry.path);
    if (retry) pairs.push({ refused: entry, retry });
  });
  return pairs;
}

describe('ARM gateway: resilience', () => {
  let h: SimHarness;

  beforeAll(async () => {
    h = await startSim();
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    await admin(h.sim, h.a, 'DELETE', '/faults');
    await admin(h.sim, h.a, 'POST', '/reset');
  });

  it('rides out a throttling storm and never retries before Retry-After', async () => {
    const gw = gateway({ resilience: { maxRetries: 30 } });
    const site = siteFor(h.sim, h.a);
    await gw.probe(site);
    await admin(h.sim, h.a, 'POST', '/faults', {
      throttle: { reads: 4, writes: 3, windowSeconds: 1, retryAfterSeconds: 1 },
    });
    const before = await lastSeq(h.sim, h.a);

    // Distinct resource groups, so each call's attempts can be told apart in the log.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => gw.ensureResourceGroup(site, `storm-${i}`)),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const again = await Promise.all(
      Array.from({ length: 8 }, (_, i) => gw.ensureResourceGroup(site, `storm-${i}`)),
    );
    expect(again.every((r) => !r.created)).toBe(true);

    const log = await requestLog(h.sim, h.a, before);
    const throttled = retriesAfter(log, [429]);
    expect(throttled.length).toBeGreaterThan(0);
    for (const { refused, retry } of throttled) {
      expect(Date.parse(retry.time) - Date.parse(refused.time)).toBeGreaterThanOrEqual(1000);
    }
    // Nothing was created twice: one successful PUT per group.
    const puts = log.filter((e) => e.method === 'PUT' && e.status !== 429);
    expect(puts.map((e) => e.path.split('/').pop()).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `storm-${i}`),
    );
    gw.onModuleDestroy();
  });

  it('rides out a server error rate, login and discovery included', async () => {
    const gw = gateway({ resilience: { maxRetries: 12 } });
    const site = siteFor(h.sim, h.a, { siteId: 'flaky' });
    await admin(h.sim, h.a, 'POST', '/faults', { errorRate: 0.3 });
    const before = await lastSeq(h.sim, h.a);

    const probe = await gw.probe(site);
    expect(probe).toMatchObject({ reachable: true, authenticated: true });
    for (let i = 0; i < 5; i++) {
      expect((await gw.ensureResourceGroup(site, `flaky-${i}`)).created).toBe(true);
      expect((await gw.vmSizes(site)).length).toBeGreaterThan(0);
    }
    const inv = await gw.inventory(site);
    expect(inv.vms).toEqual([]);

    const log = await requestLog(h.sim, h.a, before);
    expect(log.some((e) => e.status !== null && e.status >= 500)).toBe(true);
    // A 503 says Retry-After: 1; its retry came no sooner.
    for (const { refused, retry } of retriesAfter(log, [503])) {
      expect(Date.parse(retry.time) - Date.parse(refused.time)).toBeGreaterThanOrEqual(1000);
    }
    gw.onModuleDestroy();
  });

  it('rides out a busy login endpoint and a login whose connection drops', async () => {
    const gw = gateway();
    const site = siteFor(h.sim, h.a, { siteId: 'login-trouble' });
    await admin(h.sim, h.a, 'POST', '/faults', {
      failOperation: [
        {
          method: 'POST',
          pathContains: '/adfs/oauth2/token',
          status: 503,
          code: 'ServiceUnavailable',
          times: 2,
        },
      ],
      dropAfterApply: [{ method: 'POST', pathContains: '/adfs/oauth2/token', times: 1 }],
    });
    const before = await lastSeq(h.sim, h.a);
    expect(await gw.probe(site)).toMatchObject({ reachable: true, authenticated: true });
    const logins = (await requestLog(h.sim, h.a, before)).filter((e) =>
      e.path.startsWith('/adfs/oauth2/token'),
    );
    expect(logins.map((e) => e.outcome ?? e.status)).toEqual([503, 503, 'dropped', 200]);
    gw.onModuleDestroy();
  });

  it('opens the circuit of a stamp that refuses connections, fails fast, and closes when it returns', async () => {
    const gw = gateway();
    const site = siteFor(h.sim, h.a, { siteId: 'refusing' });
    const other = siteFor(h.sim, h.b, { siteId: 'healthy' });
    await gw.probe(site);
    await admin(h.sim, h.a, 'POST', '/faults', { down: 'refuse' });

    const first = await gw.vmSizes(site).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SiteUnreachableError);
    expect(first).toMatchObject({ code: 'site-unreachable', siteId: 'refusing' });
    expect(gw.circuitState(site)).toBe('open');

    // Open: the next call does not touch the network at all.
    const attempts = gw.callCount;
    await expect(gw.vmSizes(site)).rejects.toMatchObject({
      code: 'site-unreachable',
      reason: 'circuit-open',
    });
    expect(gw.callCount).toBe(attempts);
    const probe = await gw.probe(site);
    expect(probe).toMatchObject({ reachable: false, error: { code: 'site-unreachable' } });

    // One stamp's outage is not the other's.
    expect((await gw.vmSizes(other)).length).toBeGreaterThan(0);

    await admin(h.sim, h.a, 'DELETE', '/faults');
    await eventually(async () => expect((await gw.vmSizes(site)).length).toBeGreaterThan(0));
    expect(gw.circuitState(site)).toBe('closed');
    gw.onModuleDestroy();
  });

  it('does not hang on a stamp that hangs: the attempt times out and the circuit opens', async () => {
    const gw = gateway({ resilience: { requestTimeoutMs: 300 } });
    const site = siteFor(h.sim, h.a, { siteId: 'hanging' });
    await gw.probe(site);
    await admin(h.sim, h.a, 'POST', '/faults', { down: 'hang' });
    const before = await lastSeq(h.sim, h.a);

    const error = await gw.coreQuota(site).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect(gw.circuitState(site)).toBe('open');
    const hung = (await requestLog(h.sim, h.a, before)).filter((e) => e.outcome === 'hung');
    expect(hung).toHaveLength(3);

    await admin(h.sim, h.a, 'DELETE', '/faults');
    await eventually(async () => expect((await gw.coreQuota(site)).limit).toBeGreaterThan(0));
    expect(gw.circuitState(site)).toBe('closed');
    gw.onModuleDestroy();
  });

  it('keeps each site within its concurrency limit', async () => {
    const gw = gateway({ resilience: { concurrency: 3 } });
    const site = siteFor(h.sim, h.a, { siteId: 'busy' });
    await gw.probe(site);
    // Slow answers, so the limit (not the speed of loopback) decides the concurrency.
    await admin(h.sim, h.a, 'POST', '/faults', { latencyMs: 30 });
    gw.metrics.resetPeaks();
    await Promise.all(Array.from({ length: 20 }, () => gw.vmSizes(site)));
    expect(gw.siteStats('busy').peakInFlight).toBe(3);
    gw.onModuleDestroy();
  });
});

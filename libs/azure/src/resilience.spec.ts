import {
  createHttpHeaders,
  createPipelineRequest,
  PipelineRequest,
  PipelineResponse,
  RestError,
} from '@azure/core-rest-pipeline';
import { ConstantBackoff, IRetryBackoffContext } from 'cockatiel';
import { SiteUnreachableError } from './errors';
import { parseRetryAfterMs, retryAfterBackoff, SiteResilience } from './resilience';

function response(
  request: PipelineRequest,
  status: number,
  headers: Record<string, string> = {},
): PipelineResponse {
  return { request, status, headers: createHttpHeaders(headers) };
}

function refused(): RestError {
  return new RestError('connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' });
}

const fast = {
  initialDelayMs: 1,
  maxDelayMs: 5,
  retryAfterMarginMs: 0,
  halfOpenAfterMs: 50,
  requestTimeoutMs: 200,
  breakerThreshold: 3,
};

const request = () =>
  createPipelineRequest({ url: 'https://stamp.example/subscriptions/x/providers?api-version=2019-10-01' });

describe('parseRetryAfterMs', () => {
  const headers = (h: Record<string, string>) => createHttpHeaders(h);

  it('reads seconds', () => {
    expect(parseRetryAfterMs(headers({ 'Retry-After': '3' }))).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs(headers({ 'Retry-After': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfterMs(headers({ 'Retry-After': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
  });

  it('prefers the millisecond headers', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '250', 'Retry-After': '9' }))).toBe(250);
    expect(parseRetryAfterMs(headers({ 'x-ms-retry-after-ms': '40' }))).toBe(40);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfterMs(headers({}))).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'Retry-After': 'soon' }))).toBeUndefined();
  });
});

describe('retryAfterBackoff', () => {
  it('never waits less than Retry-After, and backs off otherwise', () => {
    const backoff = retryAfterBackoff(new ConstantBackoff(10), 5);
    const req = request();
    const ctx = (r: PipelineResponse): IRetryBackoffContext<unknown> => ({
      attempt: 1,
      signal: new AbortController().signal,
      result: { value: r },
    });
    const first = backoff.next(ctx(response(req, 429, { 'Retry-After': '2' })));
    expect(first.duration).toBe(2005);
    const second = first.next(ctx(response(req, 503)));
    expect(second.duration).toBe(10);
  });
});

describe('SiteResilience', () => {
  it('retries throttling only after the time Retry-After names', async () => {
    const r = new SiteResilience('s', fast);
    const sent: number[] = [];
    const result = await r.send(request(), async (req) => {
      sent.push(Date.now());
      return sent.length === 1 ? response(req, 429, { 'retry-after-ms': '150' }) : response(req, 200);
    });
    expect(result.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(150);
  });

  it('rides out server errors', async () => {
    const r = new SiteResilience('s', fast);
    let calls = 0;
    const result = await r.send(request(), async (req) =>
      ++calls < 3 ? response(req, 500) : response(req, 200),
    );
    expect(result.status).toBe(200);
    expect(calls).toBe(3);
  });

  it('hands back the last answer when retries run out', async () => {
    const r = new SiteResilience('s', { ...fast, maxRetries: 2 });
    let calls = 0;
    const result = await r.send(request(), async (req) => {
      calls++;
      return response(req, 503);
    });
    expect(result.status).toBe(503);
    expect(calls).toBe(3);
  });

  it('does not wait for a Retry-After beyond its limit', async () => {
    const r = new SiteResilience('s', { ...fast, maxRetryAfterMs: 1000 });
    let calls = 0;
    const result = await r.send(request(), async (req) => {
      calls++;
      return response(req, 429, { 'Retry-After': '3600' });
    });
    expect(result.status).toBe(429);
    expect(calls).toBe(1);
  });

  it('leaves other client errors alone', async () => {
    const r = new SiteResilience('s', fast);
    let calls = 0;
    const result = await r.send(request(), async (req) => {
      calls++;
      return response(req, 409);
    });
    expect(result.status).toBe(409);
    expect(calls).toBe(1);
  });

  it('opens the circuit on repeated connection failures, fails fast, and closes when the site is back', async () => {
    const r = new SiteResilience('s', fast);
    let up = false;
    let calls = 0;
    const next = async (req: PipelineRequest) => {
      calls++;
      if (!up) throw refused();
      return response(req, 200);
    };
    const first = await r.send(request(), next).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SiteUnreachableError);
    expect(first).toMatchObject({ code: 'site-unreachable', reason: 'circuit-open' });
    expect(calls).toBe(3);
    expect(r.circuitState).toBe('open');

    const second = await r.send(request(), next).catch((e: unknown) => e);
    expect(second).toMatchObject({ reason: 'circuit-open' });
    expect(calls).toBe(3);

    up = true;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await r.send(request(), next)).status).toBe(200);
    expect(r.circuitState).toBe('closed');
  });

  it('gives up on an attempt that hangs', async () => {
    const r = new SiteResilience('s', { ...fast, requestTimeoutMs: 30, maxRetries: 0 });
    let aborted = false;
    const error = await r
      .send(request(), (req) => {
        req.abortSignal?.addEventListener('abort', () => (aborted = true));
        return new Promise<PipelineResponse>(() => undefined);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(aborted).toBe(true);
  });

  it('restores the caller abort signal after each attempt', async () => {
    const r = new SiteResilience('s', fast);
    const caller = new AbortController();
    const req = createPipelineRequest({ url: 'https://stamp.example/x', abortSignal: caller.signal });
    await r.send(req, async (inner) => response(inner, 200));
    expect(req.abortSignal).toBe(caller.signal);
  });

  it('neither retries nor counts an untrusted certificate', async () => {
    const r = new SiteResilience('s', fast);
    let calls = 0;
    const untrusted = () => {
      calls++;
      return Promise.reject(
        new RestError('self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      );
    };
    for (let i = 0; i < 4; i++) {
      await expect(r.send(request(), untrusted)).rejects.toMatchObject({ reason: 'certificate-untrusted' });
    }
    expect(calls).toBe(4);
    expect(r.circuitState).toBe('closed');
  });

  it('limits concurrent requests per site', async () => {
    const r = new SiteResilience('s', { ...fast, concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        r.send(request(), async (req) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 10));
          inFlight--;
          return response(req, 200);
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

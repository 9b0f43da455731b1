import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IBackoff,
  IBackoffFactory,
  IRetryBackoffContext,
  RetryPolicy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  handleWhenResult,
  retry,
} from 'cockatiel';
import { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { SiteUnreachableError } from '@twinsite/core/ports/arm-gateway';
import {
  AttemptTimeoutError,
  isCertificateError,
  isConnectionFailure,
  redactUrl,
  toSiteUnreachable,
} from './errors';

export interface ResilienceOptions {
  /** retries after the first attempt */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** a Retry-After longer than this is not waited for: the answer goes back to the caller */
  maxRetryAfterMs: number;
  /** added to Retry-After so timer granularity never sends a retry early */
  retryAfterMarginMs: number;
  /** concurrent requests to one site; the rest queue */
  concurrency: number;
  queue: number;
  /** consecutive connection failures or timeouts that open a site's circuit */
  breakerThreshold: number;
  /** how long an open circuit fails fast before one call may probe the site again */
  halfOpenAfterMs: number;
  /** one attempt's budget: a hanging stamp must not hang the gateway */
  requestTimeoutMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  maxRetries: 6,
  initialDelayMs: 250,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  retryAfterMarginMs: 50,
  concurrency: 8,
  queue: 100_000,
  breakerThreshold: 3,
  halfOpenAfterMs: 15_000,
  requestTimeoutMs: 30_000,
};

// 429 is throttling, 503 ARM's "busy"; the others are gateways and ARM front ends
// failing in ways a second attempt usually gets past. ARM writes are idempotent PUTs,
// DELETEs and action POSTs, so re-sending one is safe.
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

interface HeaderReader {
  get(name: string): string | undefined;
}

/**
 * How long a response asks the client to wait, in ms: `retry-after-ms` /
 * `x-ms-retry-after-ms` (ms), else `Retry-After` as seconds or an HTTP date.
 */
export function parseRetryAfterMs(headers: HeaderReader, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value));
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.max(0, Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function isRetryableResponse(response: PipelineResponse): boolean {
  return RETRYABLE_STATUS.has(response.status);
}

function isPipelineResponse(value: unknown): value is PipelineResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'headers' in value &&
    'request' in value
  );
}

function retryAfterOf(result: IRetryBackoffContext<unknown>['result']): number | undefined {
  return 'value' in result && isPipelineResponse(result.value)
    ? parseRetryAfterMs(result.value.headers)
    : undefined;
}

/**
 * Exponential backoff that never undercuts what the stamp asked for: the delay is the
 * larger of the backoff step and Retry-After (plus a margin).
 */
export function retryAfterBackoff(
  exponential: IBackoffFactory<unknown>,
  marginMs: number,
): IBackoffFactory<IRetryBackoffContext<unknown>> {
  const step = (
    inner: IBackoff<unknown>,
    context: IRetryBackoffContext<unknown>,
  ): IBackoff<IRetryBackoffContext<unknown>> => {
    const asked = retryAfterOf(context.result);
    return {
      duration: asked === undefined ? inner.duration : Math.max(inner.duration, asked + marginMs),
      next: (nextContext) => step(inner.next(nextContext), nextContext),
    };
  };
  return { next: (context) => step(exponential.next(context), context) };
}

/**
 * One site's retry, circuit breaker, bulkhead and per-attempt timeout, applied to every
 * request of that site's pipelines. It sits in the pipeline's Retry phase (where the
 * SDK's own retry policy was removed), so it sees raw responses before they are
 * deserialized, and wraps token acquisition as well as the ARM call.
 *
 * Layering, outermost first: retry, then circuit breaker (each attempt counts), then
 * bulkhead (a waiting retry holds no slot), then the timeout around one send.
 */
export class SiteResilience {
  readonly options: ResilienceOptions;
  private readonly retry: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private lastFailure: { url: string; error: unknown } | undefined;
  private tokenTransportFailure: { error: unknown; at: number } | undefined;
  private readonly tokenRetry: RetryPolicy;

  constructor(
    readonly siteId: string,
    options: Partial<ResilienceOptions> = {},
  ) {
    this.options = { ...DEFAULT_RESILIENCE, ...options };
    const o = this.options;
    this.retry = retry(
      handleWhen(isConnectionFailure).orWhenResult(
        (result) =>
          isPipelineResponse(result) &&
          isRetryableResponse(result) &&
          (parseRetryAfterMs(result.headers) ?? 0) <= o.maxRetryAfterMs,
      ),
      {
        maxAttempts: o.maxRetries,
        backoff: retryAfterBackoff(
          new ExponentialBackoff({ initialDelay: o.initialDelayMs, maxDelay: o.maxDelayMs }),
          o.retryAfterMarginMs,
        ),
      },
    );
    this.breaker = circuitBreaker(handleWhen(isConnectionFailure), {
      halfOpenAfter: o.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(o.breakerThreshold),
    });
    this.bulkhead = bulkhead(o.concurrency, o.queue);
    this.tokenRetry = retry(
      handleWhenResult((result) => isPipelineResponse(result) && isRetryableResponse(result)),
      {
        maxAttempts: o.maxRetries,
        backoff: retryAfterBackoff(
          new ExponentialBackoff({ initialDelay: o.initialDelayMs, maxDelay: o.maxDelayMs }),
          o.retryAfterMarginMs,
        ),
      },
    );
  }

  /**
   * Policies for the site credential's own pipeline (token requests). A busy login
   * endpoint (429/5xx) is retried here, inside the token request, because MSAL would
   * otherwise remember the failure and refuse to ask again for a minute. Socket and
   * certificate failures are not retried here: they are recorded so the ARM call that
   * needed the token fails as the connection failure it is, and the site's circuit
   * breaker counts it once.
   */
  tokenPolicies(): PipelinePolicy[] {
    return [
      {
        name: 'twinsiteTokenRetryPolicy',
        sendRequest: (request, next) => this.tokenRetry.execute(() => next(request)),
      },
      {
        name: 'twinsiteTokenTransportPolicy',
        sendRequest: async (request, next) => {
          try {
            return await next(request);
          } catch (error) {
            if (isConnectionFailure(error) || isCertificateError(error)) {
              this.tokenTransportFailure = { error, at: performance.now() };
            }
            throw error;
          }
        },
      },
    ];
  }

  get circuitState(): 'closed' | 'open' | 'half-open' | 'isolated' {
    switch (this.breaker.state) {
      case CircuitState.Open:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Isolated:
        return 'isolated';
      default:
        return 'closed';
    }
  }

  /** Runs one request through retry, breaker, bulkhead and timeout. */
  async send(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
    // A caller that gave up must not be retried for.
    const callerSignal = request.abortSignal instanceof AbortSignal ? request.abortSignal : undefined;
    try {
      return await this.retry.execute(
        () => this.breaker.execute(() => this.bulkhead.execute(() => this.attempt(request, next))),
        callerSignal,
      );
    } catch (error) {
      throw this.translate(error, request.url);
    }
  }

  policy(): PipelinePolicy {
    return {
      name: 'twinsiteSiteResiliencePolicy',
      sendRequest: (request, next) => this.send(request, next),
    };
  }

  private async attempt(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
    const timeoutMs = this.options.requestTimeoutMs;
    const callerSignal = request.abortSignal;
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort();
    if (callerSignal?.aborted) controller.abort();
    else callerSignal?.addEventListener('abort', forwardAbort);
    // The request object is re-sent by each retry, so its own signal is swapped for one
    // this attempt can cancel (closing the socket to a hanging stamp) and restored after.
    request.abortSignal = controller.signal;
    const startedAt = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        next(request),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new AttemptTimeoutError(timeoutMs, request.url));
            controller.abort();
          }, timeoutMs);
        }),
      ]);
    } catch (caught) {
      let error = caught;
      // The credential reports a login that could not reach its endpoint as a login
      // failure; the socket error recorded by the token pipeline says what really happened.
      const token = this.tokenTransportFailure;
      if (token && token.at >= startedAt && !isConnectionFailure(error) && !isCertificateError(error))
        error = token.error;
      if (isConnectionFailure(error)) this.lastFailure = { url: request.url, error };
      throw error;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
      request.abortSignal = callerSignal;
    }
  }

  private translate(error: unknown, url: string): unknown {
    if (error instanceof BrokenCircuitError) {
      const last = this.lastFailure;
      const detail = last
        ? ` after repeated failures (last: ${redactUrl(last.url)}: ${last.error instanceof Error ? last.error.message : String(last.error)})`
        : '';
      return new SiteUnreachableError(
        this.siteId,
        'circuit-open',
        `site ${this.siteId}: circuit open${detail}; calls fail fast for ${this.options.halfOpenAfterMs} ms before the site is tried again`,
        { cause: error },
      );
    }
    if (error instanceof BulkheadRejectedError) {
      return new SiteUnreachableError(
        this.siteId,
        'connection',
        `site ${this.siteId}: too many queued requests`,
        {
          cause: error,
        },
      );
    }
    if (isConnectionFailure(error) || isCertificateError(error)) {
      return toSiteUnreachable(this.siteId, url, error);
    }
    return error;
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TWINSITE_CONFIG, TwinsiteConfig } from '@twinsite/shared';
import type { AlertEventName } from '../alert.entity';
import type { AlertResponse } from '../dtos/alert.response';
import { MAX_WEBHOOK_ATTEMPTS, webhookRetryDelayMs } from './webhook-backoff';
import { formatWebhookPayload, WebhookFormat } from './webhook-payload';
import { signBody } from './webhook-signature';
import { WebhooksService } from './webhooks.service';

/** A claimed attempt is leased for this long: a worker that dies mid-request hands it to another after that. */
const LEASE_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 20;
/** Enough of an error response to say what went wrong, not enough for a hostile receiver to fill the log. */
const MAX_ERROR_BODY_BYTES = 512;

interface ClaimedDelivery {
  id: string;
  subscription_id: string;
  event: AlertEventName;
  attempt: number;
  payload: AlertResponse;
  url: string;
  format: WebhookFormat;
  secret_sealed: string | null;
}

export interface AttemptResult {
  delivered: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends the pending webhook deliveries. Any number of controller instances run it:
 * each claims due attempts with FOR UPDATE SKIP LOCKED and leases them (by pushing
 * `next_attempt_at` out) before the HTTP calls, so no transaction stays open while a
 * slow receiver answers. At-least-once: receivers dedupe by X-Twinsite-Delivery.
 */
@Injectable()
export class WebhookDeliveryWorker {
  private readonly logger = new Logger('alert-webhooks');
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
    @Inject(TWINSITE_CONFIG) private readonly config: TwinsiteConfig,
  ) {}

  @Interval('alert-webhook-deliveries', 1_000)
  async tick(): Promise<void> {
    if (!this.config.schedulersEnabled || this.running) return;
    this.running = true;
    try {
      // Keep going while there is a backlog, one batch at a time.
      while ((await this.deliverDue()) === BATCH) {
        /* next batch */
      }
    } catch (error) {
      this.logger.warn(`webhook delivery round failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /**
   * One round: claims up to `limit` attempts due at `now` and sends them. Returns how
   * many were claimed. Tools and tests call it by hand (with a later `now` to skip the
   * backoff waits) when the schedulers are off.
   */
  async deliverDue(now: Date = new Date(), limit = BATCH): Promise<number> {
    const claimed = await this.claim(now, limit);
    await Promise.all(claimed.map((delivery) => this.send(delivery)));
    return claimed.length;
  }

  private async claim(now: Date, limit: number): Promise<ClaimedDelivery[]> {
    // An alert's later events wait for its earlier ones to the same subscription
    // (the `NOT EXISTS`), so a receiver never hears "resolved" before "opened".
    return this.db
      .query(
        `UPDATE webhook_deliveries d SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
       FROM webhook_subscriptions s
       WHERE s.id = d.subscription_id AND d.id IN (
         SELECT c.id FROM webhook_deliveries c
         JOIN webhook_subscriptions cs ON cs.id = c.subscription_id AND cs.enabled
         WHERE c.status = 'pending' AND c.next_attempt_at <= $1
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries e
             WHERE e.subscription_id = c.subscription_id AND e.alert_id = c.alert_id
               AND e.status = 'pending' AND e.event_seq < c.event_seq)
         ORDER BY c.next_attempt_at, c.event_seq
         LIMIT $2
         FOR UPDATE OF c SKIP LOCKED)
       RETURNING d.id, d.subscription_id, d.event, d.attempt, d.payload, s.url, s.format, s.secret_sealed`,
        [now, limit, LEASE_SECONDS],
      )
      .then((result: any) => (Array.isArray(result[0]) ? result[0] : result));
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    let result: AttemptResult;
    try {
      const secret = this.webhooks.openSecret(delivery.secret_sealed);
      result = await postWebhook(
        delivery.url,
        delivery.id,
        delivery.event,
        formatWebhookPayload(delivery.format, delivery.event, delivery.payload),
        secret,
      );
    } catch (error) {
      result = {
        delivered: false,
        httpStatus: null,
        error: `could not send: ${(error as Error).message}`,
        durationMs: 0,
      };
    }
    await this.record(delivery, result);
    if (!result.delivered) {
      this.logger.warn(
        `webhook ${delivery.subscription_id} attempt ${delivery.attempt} for ${delivery.event} failed: ${result.error}`,
      );
    }
  }

  /** Closes this attempt and, when it failed and attempts remain, schedules the next one (a new row). */
  private async record(delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
    if (result.delivered) {
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'delivered', http_status = $2, error = NULL, duration_ms = $3,
           next_attempt_at = NULL, finished_at = now()
         WHERE id = $1 AND status = 'pending'`,
        [delivery.id, result.httpStatus, result.durationMs],
      );
      return;
    }
    const delayMs = webhookRetryDelayMs(delivery.attempt, MAX_WEBHOOK_ATTEMPTS);
    const error = result.error?.slice(0, 1000) ?? null;
    if (delayMs === null) {
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'failed', http_status = $2, error = $3, duration_ms = $4,
           next_attempt_at = NULL, finished_at = now()
         WHERE id = $1 AND status = 'pending'`,
        [delivery.id, result.httpStatus, error, result.durationMs],
      );
      return;
    }
    await this.db.query(
      `WITH done AS (
         UPDATE webhook_deliveries SET status = 'retrying', http_status = $2, error = $3, duration_ms = $4,
           finished_at = now(), next_attempt_at = now() + make_interval(secs => $5::float8 / 1000)
         WHERE id = $1 AND status = 'pending'
         RETURNING *)
       INSERT INTO webhook_deliveries (subscription_id, alert_id, event, event_seq, attempt, status, payload, next_attempt_at, created_at)
       SELECT subscription_id, alert_id, event, event_seq, attempt + 1, 'pending', payload, next_attempt_at, finished_at FROM done`,
      [delivery.id, result.httpStatus, error, result.durationMs, delayMs],
    );
  }
}

/**
 * One POST: the formatted payload, signed when the subscription has a secret. A
 * 2xx answer is a delivery; anything else (other statuses, redirects, timeouts,
 * refused connections) is a failed attempt.
 */
export async function postWebhook(
  url: string,
  deliveryId: string,
  event: AlertEventName,
  payload: object,
  secret: string | null,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<AttemptResult> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Twinsite-Webhooks/1',
    'X-Twinsite-Event': `alert.${event}`,
    'X-Twinsite-Delivery': deliveryId,
    'X-Twinsite-Timestamp': String(Math.floor(Date.now() / 1000)),
  };
  if (secret) headers['X-Twinsite-Signature'] = signBody(secret, body);
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const snippet = await readSnippet(response, MAX_ERROR_BODY_BYTES);
    const durationMs = Date.now() - started;
    if (response.status >= 200 && response.status < 300)
      return { delivered: true, httpStatus: response.status, error: null, durationMs };
    return {
      delivered: false,
      httpStatus: response.status,
      error: `HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`,
      durationMs,
    };
  } catch (error) {
    return {
      delivered: false,
      httpStatus: null,
      error: describeFetchError(error),
      durationMs: Date.now() - started,
    };
  }
}

async function readSnippet(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // a body that breaks off says nothing more than its status
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8').trim();
}

function describeFetchError(error: unknown): string {
  const e = error as any;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  const cause = e?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return String(e?.message ?? e);
}

import type { WebhookDeliveryEntity } from '../webhook-delivery.entity';
import type { WebhookSubscriptionEntity } from '../webhook-subscription.entity';

/** The secret never leaves the service: the response says only whether one is set. */
export function toWebhookResponse(s: WebhookSubscriptionEntity) {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    format: s.format,
    kinds: s.kinds,
    enabled: s.enabled,
    secretSet: !!s.secretSealed,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function toDeliveryResponse(d: WebhookDeliveryEntity) {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    alertId: d.alertId,
    event: d.event,
    attempt: d.attempt,
    status: d.status,
    httpStatus: d.httpStatus,
    error: d.error,
    durationMs: d.durationMs,
    nextAttemptAt: d.nextAttemptAt,
    createdAt: d.createdAt,
    finishedAt: d.finishedAt,
  };
}

/** Incoming-webhook URLs (Slack, Teams) carry their credential in the path: the audit log keeps only the origin. */
export function urlForAudit(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return '[invalid url]';
  }
}

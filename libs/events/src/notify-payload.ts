import type { TwinsiteEvent } from './event.types';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; keep a margin for the envelope. */
export const MAX_NOTIFY_BYTES = 7900;

/** Fields kept when an event is too big to travel whole, so a client knows what to refetch. */
const REFERENCE_FIELDS = [
  'id',
  'pairId',
  'applicationId',
  'planId',
  'siteId',
  'runId',
  'state',
  'kind',
  'event',
];

/** The wire form of one event between controller instances: the event plus the instance that published it. */
export interface NotifyEnvelope extends TwinsiteEvent {
  origin: string;
}

/**
 * Serialises an envelope for `pg_notify`. An event whose JSON would not fit is
 * replaced by a reference (`{ id, truncated: true, ... }`) that fits: the clients
 * refetch the resource by its id. Returns the event as it will be delivered too,
 * so the publishing instance hands its own subscribers exactly what the others get.
 */
export function encodeNotifyPayload(
  envelope: NotifyEnvelope,
  maxBytes = MAX_NOTIFY_BYTES,
): { payload: string; event: NotifyEnvelope } {
  const payload = JSON.stringify(envelope);
  if (Buffer.byteLength(payload, 'utf8') <= maxBytes) return { payload, event: envelope };
  const reference: Record<string, unknown> = { truncated: true };
  for (const field of REFERENCE_FIELDS) {
    const value = envelope.data[field];
    // Only short scalar identifiers: a huge string would defeat the point.
    if (
      (typeof value === 'string' && value.length <= 200) ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      reference[field] = value;
    }
  }
  const event = { ...envelope, data: reference };
  return { payload: JSON.stringify(event), event };
}

/** Parses a notification; null when it is not one of ours (someone else NOTIFYing on the channel). */
export function decodeNotifyPayload(payload: string | undefined): NotifyEnvelope | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload);
    if (
      value &&
      typeof value === 'object' &&
      typeof value.id === 'string' &&
      typeof value.type === 'string' &&
      typeof value.origin === 'string' &&
      value.data &&
      typeof value.data === 'object'
    ) {
      return value as NotifyEnvelope;
    }
  } catch {
    // not JSON: ignore
  }
  return null;
}

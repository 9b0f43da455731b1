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

/**
 * The wire format of a batch. Its version and origin come first so an instance can
 * recognise (and drop) its own batches by their first bytes, without parsing them.
 */
const BATCH_VERSION = 2;
const batchHead = (origin: string) => `{"v":${BATCH_VERSION},"origin":${JSON.stringify(origin)},"events":[`;
const BATCH_TAIL = ']}';
const singleTail = (origin: string) => `,"origin":${JSON.stringify(origin)}}`;

/** The wire form of one event between controller instances: the event plus the instance that published it. */
export interface NotifyEnvelope extends TwinsiteEvent {
  origin: string;
}

/** What one notification carries: one instance's events, in the order it published them. */
export interface NotifyBatch {
  origin: string;
  events: TwinsiteEvent[];
}

/**
 * Serialises events for `pg_notify`, packing as many as fit into each payload, in
 * order: one notification per event would cost every instance one message, and
 * one parse, per event (10,000 per lag sweep). A payload holding a single event
 * uses the single-envelope form (`{ id, type, at, data, origin }`), which instances
 * that predate batching can read; several travel as `{ v: 2, origin, events }`.
 *
 * An event whose single-envelope JSON would not fit is replaced by a reference
 * (`{ id, truncated: true, ... }`) that fits: the clients refetch the resource by its id.
 */
export function encodeNotifyPayloads(
  origin: string,
  events: readonly TwinsiteEvent[],
  maxBytes = MAX_NOTIFY_BYTES,
): string[] {
  const head = batchHead(origin);
  const tail = singleTail(origin);
  const tailBytes = Buffer.byteLength(tail, 'utf8');
  const emptyBatchBytes = Buffer.byteLength(head, 'utf8') + BATCH_TAIL.length;
  const payloads: string[] = [];
  let batch: string[] = [];
  let batchBytes = emptyBatchBytes;
  const flush = () => {
    if (batch.length === 1) payloads.push(batch[0].slice(0, -1) + tail);
    else if (batch.length > 1) payloads.push(head + batch.join(',') + BATCH_TAIL);
    batch = [];
    batchBytes = emptyBatchBytes;
  };
  for (const event of events) {
    // Keys in envelope order, so the single form is this JSON with the origin spliced in at the end.
    let json = JSON.stringify({ id: event.id, type: event.type, at: event.at, data: event.data });
    let bytes = Buffer.byteLength(json, 'utf8');
    if (bytes + tailBytes > maxBytes) {
      json = JSON.stringify({ id: event.id, type: event.type, at: event.at, data: reference(event.data) });
      bytes = Buffer.byteLength(json, 'utf8');
    }
    // A first event always goes in: alone, it travels in the single form, which fits.
    if (batch.length > 0 && batchBytes + 1 + bytes > maxBytes) flush();
    batchBytes += (batch.length > 0 ? 1 : 0) + bytes;
    batch.push(json);
  }
  flush();
  return payloads;
}

function reference(data: Record<string, unknown>): Record<string, unknown> {
  const reference: Record<string, unknown> = { truncated: true };
  for (const field of REFERENCE_FIELDS) {
    const value = data[field];
    // Only short scalar identifiers: a huge string would defeat the point.
    if (
      (typeof value === 'string' && value.length <= 200) ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      reference[field] = value;
    }
  }
  return reference;
}

/**
 * Whether `origin` sent this payload, from its first or last bytes alone: every
 * instance hears its own notifications, and parsing them only to drop them would
 * cost as much as reading the others'.
 */
export function isNotifyPayloadFrom(payload: string | undefined, origin: string): boolean {
  if (!payload) return false;
  return payload.startsWith(batchHead(origin)) || payload.endsWith(singleTail(origin));
}

/**
 * Parses a notification in either form; null when it is not one of ours (someone
 * else NOTIFYing on the channel). Malformed events inside a batch are skipped, the
 * rest kept in order.
 */
export function decodeNotifyPayload(payload: string | undefined): NotifyBatch | null {
  if (!payload) return null;
  let value: any;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || typeof value.origin !== 'string') return null;
  if (value.v === BATCH_VERSION && Array.isArray(value.events)) {
    return { origin: value.origin, events: value.events.filter(isEvent) };
  }
  if (!isEvent(value)) return null;
  const { origin, ...event } = value as NotifyEnvelope;
  return { origin, events: [event] };
}

function isEvent(value: any): value is TwinsiteEvent {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof value.id === 'string' &&
    typeof value.type === 'string' &&
    !!value.data &&
    typeof value.data === 'object'
  );
}

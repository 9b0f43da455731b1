/** What travels on the event stream. `data` is the changed resource (or, when too big, its id). */
export const EVENT_TYPES = ['lag', 'alert', 'run', 'site-failover', 'site'] as const;
export type TwinsiteEventType = (typeof EVENT_TYPES)[number];

export interface PublishedEvent {
  type: TwinsiteEventType;
  /**
   * A JSON-serialisable object. Lag events carry `pairId` (the stream throttles them
   * per pair). Objects that would exceed the NOTIFY limit travel as
   * `{ id, truncated: true }` (plus `pairId`/`planId`/`siteId` when present): clients refetch.
   */
  data: object;
}

export interface TwinsiteEvent {
  /** Unique per event; the SSE `id:`. */
  id: string;
  type: TwinsiteEventType;
  /** ISO time of publication. */
  at: string;
  data: Record<string, unknown>;
}

export const isEventType = (value: unknown): value is TwinsiteEventType =>
  typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);

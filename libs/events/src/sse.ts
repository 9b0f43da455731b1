import {
  asyncScheduler,
  debounceTime,
  endWith,
  filter,
  groupBy,
  ignoreElements,
  interval,
  map,
  merge,
  mergeMap,
  NEVER,
  Observable,
  SchedulerLike,
  share,
  startWith,
  takeUntil,
  throttleTime,
} from 'rxjs';
import type { TwinsiteEvent, TwinsiteEventType } from './event.types';

export interface SseFrameOptions {
  /** Only these types; null or undefined for all. */
  types?: ReadonlySet<TwinsiteEventType> | null;
  /** At most one lag event per pair per this many ms; the latest one wins. Default 2000. */
  lagThrottleMs?: number;
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. Default 15000. */
  heartbeatMs?: number;
  /** A pair quiet for this long drops its throttle state (10,000 pairs must not pin 10,000 timers forever). Default 60000. */
  lagGroupIdleMs?: number;
  /** How long EventSource waits before reconnecting. Default 3000. */
  retryMs?: number;
  /** For tests with virtual time. */
  scheduler?: SchedulerLike;
}

export const SSE_HEARTBEAT = ': heartbeat\n\n';

/** One event in the W3C event-stream format: `event:` is the type, `data:` the JSON of its data (one line). */
export function formatSseEvent(event: TwinsiteEvent): string {
  return `event: ${event.type}\nid: ${event.id}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** The key lag events are throttled by: their pair (events for other types are never throttled). */
function throttleKey(event: TwinsiteEvent): string {
  if (event.type !== 'lag') return '*';
  const pairId = event.data.pairId ?? event.data.id;
  return typeof pairId === 'string' ? `lag:${pairId}` : `event:${event.id}`;
}

/**
 * The text one SSE client receives: a prelude (retry hint and a `: connected`
 * comment, which also tells a client the subscription is live), then the events
 * of the requested types, lag events throttled per pair (leading and trailing, so
 * the first change shows at once and the latest value always arrives), and a
 * heartbeat comment at a fixed interval. Completes when the source does (the
 * instance shutting down), so open responses end and the server can close.
 */
export function sseFrames(
  events$: Observable<TwinsiteEvent>,
  options: SseFrameOptions = {},
): Observable<string> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const lagThrottleMs = options.lagThrottleMs ?? 2_000;
  const idleMs = options.lagGroupIdleMs ?? 60_000;
  const types = options.types ?? null;
  const source$ = events$.pipe(share());
  const ended$ = source$.pipe(ignoreElements(), endWith(true));
  const selected = types ? source$.pipe(filter((event) => types.has(event.type))) : source$;
  const throttled = selected.pipe(
    groupBy(throttleKey, {
      duration: (group) => (group.key === '*' ? NEVER : group.pipe(debounceTime(idleMs, scheduler))),
    }),
    mergeMap((group) =>
      group.key === '*'
        ? group
        : group.pipe(throttleTime(lagThrottleMs, scheduler, { leading: true, trailing: true })),
    ),
    map(formatSseEvent),
  );
  const heartbeat = interval(options.heartbeatMs ?? 15_000, scheduler).pipe(map(() => SSE_HEARTBEAT));
  return merge(throttled, heartbeat).pipe(
    takeUntil(ended$),
    startWith(`retry: ${options.retryMs ?? 3_000}\n: connected\n\n`),
  );
}

/** Parses `?types=alert,run`; unknown names are the caller's validation problem (see EventsQuery). */
export function parseTypes(raw: string | undefined): Set<TwinsiteEventType> | null {
  if (!raw) return null;
  return new Set(
    raw
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean) as TwinsiteEventType[],
  );
}

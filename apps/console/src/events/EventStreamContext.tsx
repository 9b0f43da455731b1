import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { eventStreamUrl } from '../api/client';
import type { Alert, FailoverRun } from '../api/types';

/**
 * The events of `/api/v1/events`. A resource too big for one event arrives as
 * `{ id, truncated: true }` without the resource: handlers then refetch.
 */
export interface StreamEvents {
  lag: { pairId: string; lagSeconds: number | null; state: string };
  alert: { alert?: Alert; event?: string; truncated?: boolean };
  /**
   * The controller sends what changed (`{ id, planId, kind, state, event: 'run' | 'step', step? }`),
   * not the whole run: pages refetch the run. `run` is kept for a controller that sends it whole.
   */
  run: {
    run?: FailoverRun;
    id?: string;
    planId?: string;
    state?: string;
    event?: 'run' | 'step' | string;
    step?: { id: string; name: string; state: string };
    truncated?: boolean;
  };
  /** A site failover's state and each plan's (`{ id, truncated }` for a very large site: refetch). */
  'site-failover': {
    id: string;
    siteId?: string;
    kind?: string;
    state?: string;
    event?: string;
    runs?: Array<{ planId: string; runId: string | null; state: string }>;
    truncated?: boolean;
  };
}
export type StreamEventType = keyof StreamEvents;

/** `live`: events arrive; otherwise pages poll. `unavailable`: the controller has no stream (yet) or refused it. */
export type StreamStatus = 'connecting' | 'live' | 'unavailable';

interface EventStreamValue {
  status: StreamStatus;
  subscribe<K extends StreamEventType>(type: K, handler: (data: StreamEvents[K]) => void): () => void;
}

const EventStreamContext = createContext<EventStreamValue | null>(null);
const TYPES: StreamEventType[] = ['lag', 'alert', 'run', 'site-failover'];
/** After the stream closed for good (404, 401, controller restart), try again this much later. */
const REOPEN_MS = 60_000;

export function EventStreamProvider({ token, children }: { token: string; children: ReactNode }) {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handlers = useRef(new Map<StreamEventType, Set<(data: never) => void>>());

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('unavailable');
      return;
    }
    let source: EventSource | null = null;
    let timer: number | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource(eventStreamUrl(token));
      setStatus('connecting');
      source.onopen = () => setStatus('live');
      source.onerror = () => {
        if (!source || source.readyState !== EventSource.CLOSED) {
          setStatus('connecting');
          return;
        }
        setStatus('unavailable');
        source = null;
        if (!stopped) timer = window.setTimeout(open, REOPEN_MS);
      };
      for (const type of TYPES) {
        source.addEventListener(type, (event) => {
          let data: unknown;
          try {
            data = JSON.parse((event as MessageEvent<string>).data);
          } catch {
            return;
          }
          for (const handler of handlers.current.get(type) ?? []) handler(data as never);
        });
      }
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, [token]);

  const value = useMemo<EventStreamValue>(
    () => ({
      status,
      subscribe(type, handler) {
        const set = handlers.current.get(type) ?? new Set();
        handlers.current.set(type, set);
        set.add(handler as (data: never) => void);
        return () => set.delete(handler as (data: never) => void);
      },
    }),
    [status],
  );
  return <EventStreamContext.Provider value={value}>{children}</EventStreamContext.Provider>;
}

export function useStreamStatus(): StreamStatus {
  return useEventStreamContext().status;
}

/** Calls `handler` for each event of `type`; the latest handler is used without resubscribing. */
export function useStreamEvent<K extends StreamEventType>(
  type: K,
  handler: (data: StreamEvents[K]) => void,
): void {
  const { subscribe } = useEventStreamContext();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribe(type, (data) => ref.current(data)), [subscribe, type]);
}

function useEventStreamContext(): EventStreamValue {
  const value = useContext(EventStreamContext);
  if (!value) throw new Error('outside EventStreamProvider');
  return value;
}

/** Poll every `pollMs` unless the stream is live, then every `liveMs` as a safety net. */
export function usePollInterval(pollMs = 10_000, liveMs: number | null = 60_000): number | null {
  return useStreamStatus() === 'live' ? liveMs : pollMs;
}

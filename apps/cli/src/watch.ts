import { ApiClient, ApiError, UnreachableError } from './api-client';
import { CliError, ExitCode } from './exit-codes';
import { Output } from './output';

/** A run (or a site failover) as far as watching it goes. */
export interface Snapshot {
  id: string;
  state: string;
  steps?: StepLike[];
  runs?: StepLike[];
  [field: string]: unknown;
}

export interface StepLike {
  id?: string;
  name?: string;
  kind?: string;
  state?: string;
  group?: string;
  phase?: string;
  planName?: string;
  planId?: string;
  error?: unknown;
  message?: string;
  [field: string]: unknown;
}

/** Where a failover run stops on its own, for better or worse. */
export const SUCCESS_STATES = ['failed-over', 'committed', 'cleaned-up', 'reprotected'];
export const FAILURE_STATES = ['failed', 'commit-failed', 'cleanup-failed', 'reprotect-failed', 'cancelled'];

export type Outcome = 'succeeded' | 'failed' | null;

export function outcomeOf(state: string, until: readonly string[] = SUCCESS_STATES): Outcome {
  if (until.includes(state)) return 'succeeded';
  // Every failed state ends in "failed" (`commit-failed`…); "failed-over" is the goal, not a failure.
  if (FAILURE_STATES.includes(state) || /(^|-)failed$/.test(state)) return 'failed';
  return null;
}

export interface ProgressEvent {
  at: string;
  /** `run` for the run itself, `step` for a step, `run-of-site` for a plan's run in a site failover. */
  type: 'run' | 'step' | 'run-of-site';
  id: string;
  label: string;
  from: string | null;
  to: string;
  error?: string;
}

function itemsOf(s: Snapshot): Array<{ type: 'step' | 'run-of-site'; item: StepLike; key: string }> {
  const steps = (Array.isArray(s.steps) ? s.steps : []).map((item, i) => ({
    type: 'step' as const,
    item,
    key: `step:${item.id ?? i}`,
  }));
  const runs = (Array.isArray(s.runs) ? s.runs : []).map((item, i) => ({
    type: 'run-of-site' as const,
    item,
    key: `run:${item.id ?? i}`,
  }));
  return [...steps, ...runs];
}

export function stepLabel(step: StepLike, index: number): string {
  if (typeof step.name === 'string' && step.name) return step.name;
  const parts = [step.group, step.phase, step.kind ?? step.planName ?? step.planId].filter(
    (p) => typeof p === 'string' && p,
  );
  return parts.length ? parts.join(' ') : `#${index + 1}`;
}

function errorText(item: StepLike): string | undefined {
  const e = item.error;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') return String((e as any).message ?? JSON.stringify(e));
  return undefined;
}

/**
 * What changed between two polls, one event per state change: the run's state and
 * each step's (or, for a site failover, each plan run's). The first poll reports
 * the run and every step that has started.
 */
export function progressEvents(previous: Snapshot | null, next: Snapshot, at: Date): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  const stamp = at.toISOString();
  const before = new Map(previous ? itemsOf(previous).map((x) => [x.key, x.item.state]) : []);
  itemsOf(next).forEach(({ type, item, key }, index) => {
    const state = String(item.state ?? 'unknown');
    const was = before.get(key);
    if (previous ? was === state : state === 'pending') return;
    const event: ProgressEvent = {
      at: stamp,
      type,
      id: String(item.id ?? index),
      label: stepLabel(item, index),
      from: was ?? null,
      to: state,
    };
    const error = errorText(item);
    if (error && (state.includes('failed') || state === 'failed')) event.error = error;
    events.push(event);
  });
  if (!previous || previous.state !== next.state) {
    events.push({
      at: stamp,
      type: 'run',
      id: next.id,
      label: 'run',
      from: previous?.state ?? null,
      to: next.state,
    });
  }
  return events;
}

/** One line per event, no redraws: it reads the same in a terminal and in a log file. */
export function eventLine(event: ProgressEvent): string {
  const what =
    event.type === 'run'
      ? `run ${event.id}`
      : event.type === 'step'
        ? `step ${event.label}`
        : `run ${event.label}`;
  const change = event.from === null ? event.to : `${event.from} → ${event.to}`;
  return `${event.at} ${what}: ${change}${event.error ? ` (${event.error})` : ''}`;
}

export interface WatchOptions {
  /** The states that end the watch successfully (default: failed-over, committed, cleaned-up, reprotected). */
  until?: readonly string[];
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** How long the controller may be unreachable before giving up. */
  maxOutageMs?: number;
  /** What to suggest when a step waits for approval. */
  approveHint?: (snapshot: Snapshot) => string | null;
}

/**
 * Polls `path` every second and prints each change. Returns the exit code: 0 when
 * the run reaches one of `until`, 8 when it fails or is cancelled.
 */
export async function watch(
  client: ApiClient,
  path: string,
  out: Output,
  options: WatchOptions = {},
): Promise<number> {
  const until = options.until ?? SUCCESS_STATES;
  const interval = options.intervalMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => new Date());
  const maxOutage = options.maxOutageMs ?? 60_000;
  let previous: Snapshot | null = null;
  let outageSince: number | null = null;
  for (;;) {
    let snapshot: Snapshot;
    try {
      snapshot = await client.get<Snapshot>(path);
      if (outageSince !== null) out.note(`${now().toISOString()} reconnected`);
      outageSince = null;
    } catch (err) {
      const transient =
        err instanceof UnreachableError ||
        (err instanceof ApiError && (err.status >= 500 || err.status === 429));
      if (!transient) throw err;
      if (outageSince === null) {
        outageSince = now().getTime();
        out.note(
          `${now().toISOString()} lost contact with the controller (${(err as Error).message}); retrying`,
        );
      } else if (now().getTime() - outageSince > maxOutage) {
        throw new CliError(
          `gave up watching: the controller has not answered for ${Math.round(maxOutage / 1000)} s`,
          ExitCode.Server,
        );
      }
      await sleep(interval);
      continue;
    }
    for (const event of progressEvents(previous, snapshot, now())) {
      if (out.json) out.line(JSON.stringify(event));
      else {
        out.line(eventLine(event));
        if (event.to === 'waiting-for-approval' && options.approveHint) {
          const hint = options.approveHint(snapshot);
          if (hint) out.line(`  ${hint}`);
        }
      }
    }
    previous = snapshot;
    const outcome = outcomeOf(snapshot.state, until);
    if (outcome) {
      const code = outcome === 'succeeded' ? ExitCode.Ok : ExitCode.FailoverFailed;
      if (!out.json)
        out.note(
          outcome === 'succeeded'
            ? `${snapshot.id} ${snapshot.state}`
            : `${snapshot.id} ended ${snapshot.state}`,
        );
      return code;
    }
    await sleep(interval);
  }
}

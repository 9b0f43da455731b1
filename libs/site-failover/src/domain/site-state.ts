import type { RunKind, RunState } from '@twinsite/core';

/**
 * The life of a site failover, derived from its plans' runs. A site failover has a
 * phase the operator chose (fail over, cancel, clean up, commit) and a state that
 * follows from where its plans are in that phase: the coordinator recomputes it from
 * the rows after every change, so any instance derives the same answer.
 *
 *   failover: running → failed-over | partially-failed | failed   (retry → running)
 *   cancel:   cancelling → cancelled
 *   cleanup:  cleaning-up → cleaned-up | cleanup-failed            (test; retry → cleaning-up)
 *   commit:   committing → committed                                (planned, unplanned)
 */
export type SiteFailoverPhase = 'failover' | 'cancel' | 'cleanup' | 'commit';

export type SiteFailoverState =
  | 'running'
  | 'failed-over'
  | 'partially-failed'
  | 'failed'
  | 'cancelling'
  | 'cancelled'
  | 'cleaning-up'
  | 'cleanup-failed'
  | 'cleaned-up'
  | 'committing'
  | 'committed';

export const SITE_FAILOVER_STATES: readonly SiteFailoverState[] = [
  'running',
  'failed-over',
  'partially-failed',
  'failed',
  'cancelling',
  'cancelled',
  'cleaning-up',
  'cleanup-failed',
  'cleaned-up',
  'committing',
  'committed',
];

export type SiteFailoverAction = 'cancel' | 'retry' | 'commit' | 'cleanup';

/** Where one plan of the queue is: not started, started (then its run says more), failed to start, or dropped by a cancel. */
export type EntryStatus = 'queued' | 'started' | 'start-failed' | 'cancelled';

export interface EntryView {
  status: EntryStatus;
  /** The run's state once started. */
  runState: RunState | null;
  /** The run reached failed-over (its VMs came up) at some point. */
  failedOver: boolean;
}

/** Run states in which the engine is still working on the failover (or waits for an approval in it). */
export const RUN_BUSY: readonly RunState[] = [
  'pending',
  'preflight',
  'running',
  'waiting-for-approval',
  'cancelling',
];
/** Run states a cancel applies to. */
export const RUN_CANCELLABLE: readonly RunState[] = [
  'pending',
  'preflight',
  'running',
  'waiting-for-approval',
  'failed',
];
/** Test runs a cleanup applies to. */
export const RUN_NEEDS_CLEANUP: readonly RunState[] = ['failed-over', 'cancelled'];

const busy = (e: EntryView) =>
  e.status === 'queued' || (e.status === 'started' && e.runState !== null && RUN_BUSY.includes(e.runState));
const started = (e: EntryView) => e.status === 'started' && e.runState !== null;

export function deriveState(
  kind: RunKind,
  phase: SiteFailoverPhase,
  entries: readonly EntryView[],
): SiteFailoverState {
  switch (phase) {
    case 'failover': {
      if (entries.some(busy)) return 'running';
      const up = entries.filter((e) => started(e) && e.failedOver).length;
      if (up === entries.length && up > 0) return 'failed-over';
      return up > 0 ? 'partially-failed' : 'failed';
    }
    case 'cancel':
      // A failed run is cancelled too (failed → cancelling → cancelled), so it keeps the cancel going.
      return entries.some(
        (e) => started(e) && (RUN_BUSY.includes(e.runState!) || RUN_CANCELLABLE.includes(e.runState!)),
      )
        ? 'cancelling'
        : 'cancelled';
    case 'cleanup': {
      const runs = entries.filter(started);
      if (runs.some((e) => e.runState === 'cleaning-up' || RUN_NEEDS_CLEANUP.includes(e.runState!)))
        return 'cleaning-up';
      if (runs.some((e) => e.runState === 'cleanup-failed' || e.runState === 'failed'))
        return 'cleanup-failed';
      return 'cleaned-up';
    }
    case 'commit':
      return entries.some((e) => started(e) && (e.runState === 'failed-over' || e.runState === 'committing'))
        ? 'committing'
        : 'committed';
  }
}

/** Runs that came up and still wait for the decision to stay (real failovers). */
function awaitingCommit(entries: readonly EntryView[]): boolean {
  return entries.some((e) => started(e) && e.runState === 'failed-over');
}

function awaitingCleanup(entries: readonly EntryView[]): boolean {
  return entries.some((e) => started(e) && RUN_NEEDS_CLEANUP.includes(e.runState!));
}

/** What an operator can do now; the console offers exactly these buttons and the API refuses the others. */
export function allowedSiteActions(
  kind: RunKind,
  state: SiteFailoverState,
  entries: readonly EntryView[],
): SiteFailoverAction[] {
  switch (state) {
    case 'running':
      return ['cancel'];
    case 'failed-over':
      return kind === 'test' ? ['cleanup'] : ['commit'];
    case 'partially-failed':
    case 'failed':
      return ['retry', 'cancel'];
    case 'cancelled':
      if (kind === 'test') return awaitingCleanup(entries) ? ['cleanup'] : [];
      return awaitingCommit(entries) ? ['commit'] : [];
    case 'cleanup-failed':
      return ['retry'];
    default:
      return [];
  }
}

/**
 * Whether the site failover holds its site (one at a time per site, a partial unique
 * index). A drill that came up no longer does, as for a single run: a real failover
 * on a bad day must not wait for a drill's cleanup. A real failover holds the site
 * until it is committed, or until a cancel leaves nothing up.
 */
export function isSiteFailoverActive(
  kind: RunKind,
  state: SiteFailoverState,
  entries: readonly EntryView[],
): boolean {
  if (kind === 'test') return ['running', 'cancelling', 'partially-failed', 'failed'].includes(state);
  if (state === 'committed' || state === 'cleaned-up') return false;
  if (state === 'cancelled') return awaitingCommit(entries);
  return true;
}

/** Whether the coordinator still has to look at it: anything may change on its own, or after a run-level action. */
export function isSiteFailoverOpen(state: SiteFailoverState): boolean {
  return !['failed-over', 'cancelled', 'committed', 'cleaned-up'].includes(state);
}

/** The states in which the site failover is over for good. */
export function isSiteFailoverEnded(
  kind: RunKind,
  state: SiteFailoverState,
  entries: readonly EntryView[],
): boolean {
  if (state === 'committed' || state === 'cleaned-up') return true;
  return state === 'cancelled' && allowedSiteActions(kind, state, entries).length === 0;
}

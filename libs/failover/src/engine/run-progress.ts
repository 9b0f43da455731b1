import type { RunEvent, RunKind, RunState, StepState } from '@twinsite/core';
import { isStepFinished } from '@twinsite/core';

export interface StepView {
  phase: 'failover' | 'cleanup';
  state: StepState;
  /** Held by a live executor right now. */
  leased: boolean;
}

/**
 * The event the run's steps call for, or null. Run state changes that follow from
 * steps (a step failed, all done, the cancel has drained, cleanup finished) are
 * decided here from the rows alone, so any instance can make them; transitionRun
 * then checks them against the state machine.
 */
export function runEventFromSteps(
  kind: RunKind,
  state: RunState,
  steps: readonly StepView[],
): RunEvent | null {
  const failover = steps.filter((s) => s.phase === 'failover');
  const cleanup = steps.filter((s) => s.phase === 'cleanup');
  switch (state) {
    case 'running':
      if (failover.some((s) => s.state === 'failed')) return 'step-failed';
      if (failover.some((s) => s.state === 'waiting-for-approval')) return 'step-waiting-approval';
      if (failover.every((s) => isStepFinished(s.state))) return 'all-steps-succeeded';
      return null;
    case 'waiting-for-approval':
      return failover.some((s) => s.state === 'failed') ? 'step-failed' : null;
    case 'cancelling':
      return steps.some((s) => s.state === 'running' && s.leased) ? null : 'cancelled';
    case 'cleaning-up':
      if (cleanup.some((s) => s.state === 'failed')) return 'step-failed';
      if (cleanup.length > 0 && cleanup.every((s) => isStepFinished(s.state))) return 'cleaned-up';
      return null;
    default:
      return null;
  }
}

const SETTLED: readonly RunState[] = ['cancelled', 'committed', 'cleaned-up', 'reprotected'];

/**
 * Whether a run in `state` still counts as the plan's one active run. A drill that has
 * failed over is done with the plan (its cleanup only removes its own isolated
 * resources), so it no longer blocks a real failover on a bad day; a real failover
 * holds the plan until it is committed.
 */
export function isActive(kind: RunKind, state: RunState): boolean {
  if (SETTLED.includes(state)) return false;
  if (kind === 'test' && (state === 'failed-over' || state === 'cleaning-up' || state === 'cleanup-failed'))
    return false;
  return true;
}

import type { FailoverRun, RunStep } from '../api/types';
// The run state machine is core's: the console offers exactly the actions the API would accept.
import {
  allowedRunActions,
  isRunBusy,
  isRunSettled,
  type RunAction,
  type RunKind,
  type RunState,
} from '../../../../libs/core/src/run-state-machine';

export type { RunAction };

const KNOWN_KINDS: readonly string[] = ['test', 'planned', 'unplanned'];

const KNOWN_ACTIONS: readonly string[] = [
  'approve',
  'retry',
  'skip',
  'cancel',
  'commit',
  'cleanup',
  'reprotect',
  'failback',
];

/**
 * The actions allowed now: the controller's own `allowedActions` when it sends them,
 * else core's state machine; none for a state this console does not know.
 */
export function runActions(run: Pick<FailoverRun, 'kind' | 'state' | 'allowedActions'>): RunAction[] {
  if (Array.isArray(run.allowedActions))
    return run.allowedActions.filter((a): a is RunAction => KNOWN_ACTIONS.includes(a));
  if (!KNOWN_KINDS.includes(run.kind)) return [];
  try {
    return allowedRunActions(run.kind as RunKind, run.state as RunState);
  } catch {
    return [];
  }
}

export const runIsBusy = (state: string) => isRunBusy(state as RunState);
export const runIsSettled = (state: string) => isRunSettled(state as RunState);

/** The step an approve, retry or skip applies to. */
export function stepAwaitingApproval(run: FailoverRun): RunStep | undefined {
  return run.steps.find((s) => s.state === 'waiting-for-approval');
}

export function failedStep(run: FailoverRun): RunStep | undefined {
  return run.steps.find((s) => s.state === 'failed');
}

export function stepProgress(run: FailoverRun): {
  done: number;
  total: number;
  current: RunStep | undefined;
} {
  const done = run.steps.filter((s) => s.state === 'succeeded' || s.state === 'skipped').length;
  const current = run.steps.find(
    (s) => s.state === 'running' || s.state === 'waiting-for-approval' || s.state === 'failed',
  );
  return { done, total: run.steps.length, current };
}

export function stepErrorText(step: RunStep): string | null {
  if (!step.error) return null;
  return typeof step.error === 'string' ? step.error : step.error.message;
}

export const ACTION_LABEL: Record<RunAction, string> = {
  approve: 'Approve',
  retry: 'Retry',
  skip: 'Skip step',
  cancel: 'Cancel run',
  commit: 'Commit',
  cleanup: 'Clean up test',
  reprotect: 'Reprotect',
  failback: 'Fail back',
};

/** What each action does, shown before it is confirmed. */
export const ACTION_EXPLANATION: Record<RunAction, string> = {
  approve: 'Lets the run continue past the manual approval step.',
  retry: 'Runs the failed step (or the failed phase: commit, cleanup, reprotect) again.',
  skip: 'Marks the failed step skipped and continues with the next one. Only skip a step you have done by hand.',
  cancel: 'Stops the run. Steps already done are not undone automatically.',
  commit:
    'Makes the failover permanent: the secondary site becomes the primary. The recovery point can no longer be changed.',
  cleanup: 'Deletes the test VMs and the isolated test network. Production is not touched.',
  reprotect: 'Starts replicating in the other direction, from the new primary back to the old one.',
  failback: 'Starts a planned failover back to the original site.',
};

/** Actions whose effect cannot be taken back get a confirmation dialog. */
export const CONFIRMED_ACTIONS: readonly RunAction[] = [
  'cancel',
  'commit',
  'cleanup',
  'reprotect',
  'failback',
  'skip',
];

/** What the confirmation dialog asks for: the plan name before a failback, a reason before a skip. */
export interface ActionInput {
  label: string;
  /** The value must equal this (a typed confirmation); otherwise the input is optional. */
  mustEqual?: string;
}

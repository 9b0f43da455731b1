/**
 * The life of a failover run and of its steps, as explicit state machines.
 *
 * Every state change of a run goes through `transitionRun`, so an impossible
 * change (committing a test, retrying a run that did not fail) is refused in one
 * place with an error that names the state and the event, instead of being
 * half-applied by whichever service got there first.
 *
 *   pending → preflight → running → failed-over
 *   running ⇄ waiting-for-approval (a manual-approval step)
 *   preflight | running | waiting-for-approval → failed → retry | skip → running
 *   pending → cancelled; preflight | running | waiting-for-approval | failed → cancelling → cancelled
 *   planned/unplanned: failed-over → committing → committed → reprotecting → reprotected (then failback)
 *   test:              failed-over or cancelled → cleaning-up → cleaned-up
 *
 * Commit, cleanup and reprotect can fail too; each has its own failed state
 * (`commit-failed`, ...) so that `retry` knows which phase to resume — a single
 * `failed` state would have forgotten.
 */
export type RunKind = 'test' | 'planned' | 'unplanned';

export const RUN_KINDS: readonly RunKind[] = ['test', 'planned', 'unplanned'];

export type RunState =
  | 'pending'
  | 'preflight'
  | 'running'
  | 'waiting-for-approval'
  | 'failed'
  | 'cancelling'
  | 'cancelled'
  | 'failed-over'
  | 'committing'
  | 'commit-failed'
  | 'committed'
  | 'cleaning-up'
  | 'cleanup-failed'
  | 'cleaned-up'
  | 'reprotecting'
  | 'reprotect-failed'
  | 'reprotected';

export const RUN_STATES: readonly RunState[] = [
  'pending',
  'preflight',
  'running',
  'waiting-for-approval',
  'failed',
  'cancelling',
  'cancelled',
  'failed-over',
  'committing',
  'commit-failed',
  'committed',
  'cleaning-up',
  'cleanup-failed',
  'cleaned-up',
  'reprotecting',
  'reprotect-failed',
  'reprotected',
];

export type RunEvent =
  | 'start'
  | 'preflight-passed'
  | 'preflight-failed'
  | 'step-waiting-approval'
  | 'approved'
  | 'step-failed'
  | 'retry'
  | 'skip'
  | 'cancel'
  | 'cancelled'
  | 'all-steps-succeeded'
  | 'commit'
  | 'committed'
  | 'cleanup'
  | 'cleaned-up'
  | 'reprotect'
  | 'reprotected';

export const RUN_EVENTS: readonly RunEvent[] = [
  'start',
  'preflight-passed',
  'preflight-failed',
  'step-waiting-approval',
  'approved',
  'step-failed',
  'retry',
  'skip',
  'cancel',
  'cancelled',
  'all-steps-succeeded',
  'commit',
  'committed',
  'cleanup',
  'cleaned-up',
  'reprotect',
  'reprotected',
];

/** What the console can offer an operator (buttons). `failback` starts a new run. */
export type RunAction =
  | 'approve'
  | 'retry'
  | 'skip'
  | 'cancel'
  | 'commit'
  | 'cleanup'
  | 'reprotect'
  | 'failback';

export const RUN_ACTIONS: readonly RunAction[] = [
  'approve',
  'retry',
  'skip',
  'cancel',
  'commit',
  'cleanup',
  'reprotect',
  'failback',
];

export class InvalidTransition extends Error {
  constructor(
    readonly machine: 'run' | 'step',
    readonly from: string,
    readonly event: string,
    readonly kind?: RunKind,
    detail?: string,
  ) {
    super(
      `invalid ${machine} transition: event "${event}" is not allowed in state "${from}"` +
        (kind === undefined ? '' : ` for a ${kind} run`) +
        (detail === undefined ? '' : ` (${detail})`),
    );
    this.name = 'InvalidTransition';
  }
}

const REAL: readonly RunKind[] = ['planned', 'unplanned'];
const TEST: readonly RunKind[] = ['test'];

interface Edge {
  to: RunState;
  /** Kinds the edge applies to; absent for every kind. */
  kinds?: readonly RunKind[];
}

const RUN_TRANSITIONS: Partial<Record<RunState, Partial<Record<RunEvent, Edge>>>> = {
  // Nothing has been touched yet, so a cancel needs no undo.
  pending: { start: { to: 'preflight' }, cancel: { to: 'cancelled' } },
  preflight: {
    'preflight-passed': { to: 'running' },
    'preflight-failed': { to: 'failed' },
    cancel: { to: 'cancelling' },
  },
  running: {
    'step-waiting-approval': { to: 'waiting-for-approval' },
    'step-failed': { to: 'failed' },
    'all-steps-succeeded': { to: 'failed-over' },
    cancel: { to: 'cancelling' },
  },
  'waiting-for-approval': {
    approved: { to: 'running' },
    // An approval can time out or be rejected.
    'step-failed': { to: 'failed' },
    cancel: { to: 'cancelling' },
  },
  // Resumable: the operator fixes the cause and retries the step, skips it, or gives up.
  // Members of a group run in parallel, so more of them may fail after the first.
  failed: {
    retry: { to: 'running' },
    skip: { to: 'running' },
    cancel: { to: 'cancelling' },
    'step-failed': { to: 'failed' },
  },
  // A step still in flight when the cancel came may fail; the cancel goes on.
  cancelling: { cancelled: { to: 'cancelled' }, 'step-failed': { to: 'cancelling' } },
  // A cancelled test may have left isolated test resources behind.
  cancelled: { cleanup: { to: 'cleaning-up', kinds: TEST } },
  'failed-over': {
    commit: { to: 'committing', kinds: REAL },
    cleanup: { to: 'cleaning-up', kinds: TEST },
  },
  committing: {
    committed: { to: 'committed', kinds: REAL },
    'step-failed': { to: 'commit-failed', kinds: REAL },
  },
  'commit-failed': { retry: { to: 'committing', kinds: REAL } },
  committed: { reprotect: { to: 'reprotecting', kinds: REAL } },
  reprotecting: {
    reprotected: { to: 'reprotected', kinds: REAL },
    'step-failed': { to: 'reprotect-failed', kinds: REAL },
  },
  'reprotect-failed': { retry: { to: 'reprotecting', kinds: REAL } },
  'cleaning-up': {
    'cleaned-up': { to: 'cleaned-up', kinds: TEST },
    'step-failed': { to: 'cleanup-failed', kinds: TEST },
  },
  'cleanup-failed': { retry: { to: 'cleaning-up', kinds: TEST } },
};

/**
 * The run state after `event`, or `InvalidTransition`. `kind` may be left out
 * for transitions every kind shares; transitions that depend on the kind
 * (commit, cleanup, reprotect and their phases) refuse without it.
 */
export function transitionRun(state: RunState, event: RunEvent, kind?: RunKind): RunState {
  if (kind !== undefined && !RUN_KINDS.includes(kind)) {
    throw new InvalidTransition('run', state, event, undefined, `unknown run kind ${JSON.stringify(kind)}`);
  }
  const edge = RUN_TRANSITIONS[state]?.[event];
  if (edge === undefined) {
    throw new InvalidTransition('run', state, event, kind);
  }
  if (edge.kinds !== undefined) {
    if (kind === undefined) {
      throw new InvalidTransition(
        'run',
        state,
        event,
        undefined,
        'it depends on the run kind, which was not given',
      );
    }
    if (!edge.kinds.includes(kind)) {
      throw new InvalidTransition('run', state, event, kind, `only for ${edge.kinds.join(' or ')} runs`);
    }
  }
  return edge.to;
}

/** True when `event` is allowed now; for guards that must not throw. */
export function canTransitionRun(state: RunState, event: RunEvent, kind: RunKind): boolean {
  try {
    transitionRun(state, event, kind);
    return true;
  } catch (error) {
    if (error instanceof InvalidTransition) {
      return false;
    }
    throw error;
  }
}

const ACTION_EVENTS: Record<Exclude<RunAction, 'failback'>, RunEvent> = {
  approve: 'approved',
  retry: 'retry',
  skip: 'skip',
  cancel: 'cancel',
  commit: 'commit',
  cleanup: 'cleanup',
  reprotect: 'reprotect',
};

/** The event an operator action feeds to `transitionRun`; undefined for `failback` (a new run). */
export function runEventForAction(action: RunAction): RunEvent | undefined {
  return action === 'failback' ? undefined : ACTION_EVENTS[action];
}

/**
 * The operator actions available for a run, derived from the transition table so
 * the console can never offer a button the API would refuse. `failback` is
 * offered once a real failover has been reprotected: it starts a planned run in
 * the other direction.
 */
export function allowedRunActions(kind: RunKind, state: RunState): RunAction[] {
  return RUN_ACTIONS.filter((action) => {
    if (action === 'failback') {
      return state === 'reprotected' && REAL.includes(kind);
    }
    return canTransitionRun(state, ACTION_EVENTS[action], kind);
  });
}

const TERMINAL_RUN_STATES: readonly RunState[] = ['cancelled', 'committed', 'cleaned-up', 'reprotected'];
const BUSY_RUN_STATES: readonly RunState[] = [
  'preflight',
  'running',
  'waiting-for-approval',
  'cancelling',
  'committing',
  'cleaning-up',
  'reprotecting',
];

/**
 * True while the controller is working on the run (or waiting for an approval in
 * the middle of it): another run of the same plan must not start now.
 */
export function isRunBusy(state: RunState): boolean {
  return BUSY_RUN_STATES.includes(state);
}

/**
 * True when the run has reached a resting state from which the controller will
 * do nothing more on its own. Some still accept operator actions (a cancelled
 * test can be cleaned up, a committed run reprotected).
 */
export function isRunSettled(state: RunState): boolean {
  return TERMINAL_RUN_STATES.includes(state);
}

// ---- steps ---------------------------------------------------------------

export type StepState =
  | 'pending'
  | 'running'
  | 'waiting-for-approval'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'cancelled';

export const STEP_STATES: readonly StepState[] = [
  'pending',
  'running',
  'waiting-for-approval',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
];

export type StepEvent =
  | 'start'
  | 'waiting-approval'
  | 'approved'
  | 'succeeded'
  | 'failed'
  | 'retry'
  | 'skip'
  | 'cancel';

export const STEP_EVENTS: readonly StepEvent[] = [
  'start',
  'waiting-approval',
  'approved',
  'succeeded',
  'failed',
  'retry',
  'skip',
  'cancel',
];

const STEP_TRANSITIONS: Partial<Record<StepState, Partial<Record<StepEvent, StepState>>>> = {
  pending: { start: 'running', cancel: 'cancelled' },
  running: {
    'waiting-approval': 'waiting-for-approval',
    succeeded: 'succeeded',
    failed: 'failed',
    cancel: 'cancelled',
  },
  // The approval is the step's work, so approving completes it.
  'waiting-for-approval': { approved: 'succeeded', failed: 'failed', cancel: 'cancelled' },
  failed: { retry: 'running', skip: 'skipped', cancel: 'cancelled' },
};

/** The step state after `event`, or `InvalidTransition`. */
export function transitionStep(state: StepState, event: StepEvent): StepState {
  const next = STEP_TRANSITIONS[state]?.[event];
  if (next === undefined) {
    throw new InvalidTransition('step', state, event);
  }
  return next;
}

/** Succeeded, skipped and cancelled steps never change again. */
export function isStepFinished(state: StepState): boolean {
  return state === 'succeeded' || state === 'skipped' || state === 'cancelled';
}

import {
  allowedRunActions,
  canTransitionRun,
  InvalidTransition,
  isRunBusy,
  isRunSettled,
  isStepFinished,
  RUN_EVENTS,
  RUN_KINDS,
  RUN_STATES,
  RunAction,
  RunEvent,
  runEventForAction,
  RunKind,
  RunState,
  STEP_EVENTS,
  STEP_STATES,
  StepEvent,
  StepState,
  transitionRun,
  transitionStep,
} from './run-state-machine';

// The expected table, written out independently of the implementation.
// [from, event, to, kinds the transition applies to ('*' = every kind)]
type Row = [RunState, RunEvent, RunState, '*' | RunKind[]];
const REAL: RunKind[] = ['planned', 'unplanned'];
const TEST: RunKind[] = ['test'];
const EXPECTED_RUN: Row[] = [
  ['pending', 'start', 'preflight', '*'],
  ['pending', 'cancel', 'cancelled', '*'],
  ['preflight', 'preflight-passed', 'running', '*'],
  ['preflight', 'preflight-failed', 'failed', '*'],
  ['preflight', 'cancel', 'cancelling', '*'],
  ['running', 'step-waiting-approval', 'waiting-for-approval', '*'],
  ['running', 'step-failed', 'failed', '*'],
  ['running', 'all-steps-succeeded', 'failed-over', '*'],
  ['running', 'cancel', 'cancelling', '*'],
  ['waiting-for-approval', 'approved', 'running', '*'],
  ['waiting-for-approval', 'step-failed', 'failed', '*'],
  ['waiting-for-approval', 'cancel', 'cancelling', '*'],
  ['failed', 'retry', 'running', '*'],
  ['failed', 'skip', 'running', '*'],
  ['failed', 'cancel', 'cancelling', '*'],
  ['failed', 'step-failed', 'failed', '*'], // another parallel member failing
  ['cancelling', 'cancelled', 'cancelled', '*'],
  ['cancelling', 'step-failed', 'cancelling', '*'], // an in-flight step failing during the cancel
  ['cancelled', 'cleanup', 'cleaning-up', TEST],
  ['failed-over', 'commit', 'committing', REAL],
  ['failed-over', 'cleanup', 'cleaning-up', TEST],
  ['committing', 'committed', 'committed', REAL],
  ['committing', 'step-failed', 'commit-failed', REAL],
  ['commit-failed', 'retry', 'committing', REAL],
  ['committed', 'reprotect', 'reprotecting', REAL],
  ['reprotecting', 'reprotected', 'reprotected', REAL],
  ['reprotecting', 'step-failed', 'reprotect-failed', REAL],
  ['reprotect-failed', 'retry', 'reprotecting', REAL],
  ['cleaning-up', 'cleaned-up', 'cleaned-up', TEST],
  ['cleaning-up', 'step-failed', 'cleanup-failed', TEST],
  ['cleanup-failed', 'retry', 'cleaning-up', TEST],
];

const expectedRun = (state: RunState, event: RunEvent, kind: RunKind): RunState | null => {
  const row = EXPECTED_RUN.find(([from, ev]) => from === state && ev === event);
  if (row === undefined) {
    return null;
  }
  const [, , to, kinds] = row;
  return kinds === '*' || kinds.includes(kind) ? to : null;
};

const ALL_RUN_CASES = RUN_KINDS.flatMap((kind) =>
  RUN_STATES.flatMap((state) =>
    RUN_EVENTS.map((event) => [kind, state, event] as [RunKind, RunState, RunEvent]),
  ),
);

describe('transitionRun: every (kind, state, event)', () => {
  it('covers 3 kinds × 17 states × 17 events', () => {
    expect(ALL_RUN_CASES).toHaveLength(3 * 17 * 17);
  });

  it.each(ALL_RUN_CASES)('%s run in %s on %s', (kind, state, event) => {
    const expected = expectedRun(state, event, kind);
    if (expected === null) {
      expect(() => transitionRun(state, event, kind)).toThrow(InvalidTransition);
    } else {
      expect(transitionRun(state, event, kind)).toBe(expected);
    }
  });
});

describe('transitionRun: rules stated plainly', () => {
  it('commits only planned and unplanned runs, only after failing over', () => {
    expect(transitionRun('failed-over', 'commit', 'planned')).toBe('committing');
    expect(transitionRun('failed-over', 'commit', 'unplanned')).toBe('committing');
    expect(() => transitionRun('failed-over', 'commit', 'test')).toThrow(InvalidTransition);
    expect(() => transitionRun('running', 'commit', 'planned')).toThrow(InvalidTransition);
  });

  it('cleans up only test runs, after failing over or after a cancel', () => {
    expect(transitionRun('failed-over', 'cleanup', 'test')).toBe('cleaning-up');
    expect(transitionRun('cancelled', 'cleanup', 'test')).toBe('cleaning-up');
    expect(() => transitionRun('failed-over', 'cleanup', 'planned')).toThrow(InvalidTransition);
    expect(() => transitionRun('cancelled', 'cleanup', 'unplanned')).toThrow(InvalidTransition);
  });

  it('retries and skips only from a failed state', () => {
    const retryable: Record<RunKind, RunState[]> = {
      test: ['failed', 'cleanup-failed'],
      planned: ['failed', 'commit-failed', 'reprotect-failed'],
      unplanned: ['failed', 'commit-failed', 'reprotect-failed'],
    };
    for (const kind of RUN_KINDS) {
      expect(RUN_STATES.filter((state) => canTransitionRun(state, 'retry', kind))).toEqual(retryable[kind]);
      // Skipping is for plan steps only: a commit or cleanup cannot be skipped.
      expect(RUN_STATES.filter((state) => canTransitionRun(state, 'skip', kind))).toEqual(['failed']);
    }
  });

  it('resumes the phase that failed', () => {
    expect(transitionRun('commit-failed', 'retry', 'planned')).toBe('committing');
    expect(transitionRun('reprotect-failed', 'retry', 'unplanned')).toBe('reprotecting');
    expect(transitionRun('cleanup-failed', 'retry', 'test')).toBe('cleaning-up');
  });

  it('cancels a pending run at once but a started run through cancelling', () => {
    expect(transitionRun('pending', 'cancel', 'test')).toBe('cancelled');
    expect(transitionRun('running', 'cancel', 'test')).toBe('cancelling');
  });

  it('does not cancel a run that has already failed over', () => {
    for (const kind of RUN_KINDS) {
      expect(() => transitionRun('failed-over', 'cancel', kind)).toThrow(InvalidTransition);
    }
  });

  it('accepts nothing in the resting end states except the documented follow-ups', () => {
    for (const kind of RUN_KINDS) {
      for (const event of RUN_EVENTS) {
        expect(canTransitionRun('cleaned-up', event, kind)).toBe(false);
        expect(canTransitionRun('reprotected', event, kind)).toBe(false);
      }
    }
  });
});

describe('transitionRun without a kind', () => {
  it('applies transitions every kind shares', () => {
    expect(transitionRun('pending', 'start')).toBe('preflight');
    expect(transitionRun('running', 'all-steps-succeeded')).toBe('failed-over');
    expect(transitionRun('failed', 'retry')).toBe('running');
  });

  it('refuses kind-dependent transitions and says why', () => {
    expect(() => transitionRun('failed-over', 'commit')).toThrow(/depends on the run kind/);
    expect(() => transitionRun('cancelled', 'cleanup')).toThrow(InvalidTransition);
  });

  it('still refuses transitions that no kind allows', () => {
    expect(() => transitionRun('pending', 'commit')).toThrow(
      'invalid run transition: event "commit" is not allowed in state "pending"',
    );
  });
});

describe('InvalidTransition', () => {
  it('names the state, the event and the kind', () => {
    let caught: unknown;
    try {
      transitionRun('failed-over', 'commit', 'test');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransition);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as InvalidTransition;
    expect(error.name).toBe('InvalidTransition');
    expect(error.machine).toBe('run');
    expect(error.from).toBe('failed-over');
    expect(error.event).toBe('commit');
    expect(error.kind).toBe('test');
    expect(error.message).toBe(
      'invalid run transition: event "commit" is not allowed in state "failed-over" for a test run (only for planned or unplanned runs)',
    );
  });

  it('rejects an unknown kind', () => {
    expect(() => transitionRun('pending', 'start', 'drill' as RunKind)).toThrow(/unknown run kind "drill"/);
  });
});

describe('allowedRunActions', () => {
  // Written out in full: this is what the console shows.
  const EXPECTED: Record<RunState, { test: RunAction[]; real: RunAction[] }> = {
    pending: { test: ['cancel'], real: ['cancel'] },
    preflight: { test: ['cancel'], real: ['cancel'] },
    running: { test: ['cancel'], real: ['cancel'] },
    'waiting-for-approval': { test: ['approve', 'cancel'], real: ['approve', 'cancel'] },
    failed: { test: ['retry', 'skip', 'cancel'], real: ['retry', 'skip', 'cancel'] },
    cancelling: { test: [], real: [] },
    cancelled: { test: ['cleanup'], real: [] },
    'failed-over': { test: ['cleanup'], real: ['commit'] },
    committing: { test: [], real: [] },
    'commit-failed': { test: [], real: ['retry'] },
    committed: { test: [], real: ['reprotect'] },
    'cleaning-up': { test: [], real: [] },
    'cleanup-failed': { test: ['retry'], real: [] },
    'cleaned-up': { test: [], real: [] },
    reprotecting: { test: [], real: [] },
    'reprotect-failed': { test: [], real: ['retry'] },
    reprotected: { test: [], real: ['failback'] },
  };

  it.each(RUN_KINDS.flatMap((kind) => RUN_STATES.map((state) => [kind, state] as [RunKind, RunState])))(
    '%s run in %s',
    (kind, state) => {
      expect(allowedRunActions(kind, state)).toEqual(EXPECTED[state][kind === 'test' ? 'test' : 'real']);
    },
  );

  it('never offers an action the state machine would refuse', () => {
    for (const kind of RUN_KINDS) {
      for (const state of RUN_STATES) {
        for (const action of allowedRunActions(kind, state)) {
          const event = runEventForAction(action);
          if (event !== undefined) {
            expect(() => transitionRun(state, event, kind)).not.toThrow();
          }
        }
      }
    }
  });
});

describe('runEventForAction', () => {
  it.each<[RunAction, RunEvent | undefined]>([
    ['approve', 'approved'],
    ['retry', 'retry'],
    ['skip', 'skip'],
    ['cancel', 'cancel'],
    ['commit', 'commit'],
    ['cleanup', 'cleanup'],
    ['reprotect', 'reprotect'],
    ['failback', undefined],
  ])('%s → %s', (action, event) => {
    expect(runEventForAction(action)).toBe(event);
  });
});

describe('isRunBusy and isRunSettled', () => {
  it.each(RUN_STATES)('%s', (state) => {
    const busy = [
      'preflight',
      'running',
      'waiting-for-approval',
      'cancelling',
      'committing',
      'cleaning-up',
      'reprotecting',
    ];
    const settled = ['cancelled', 'committed', 'cleaned-up', 'reprotected'];
    expect(isRunBusy(state)).toBe(busy.includes(state));
    expect(isRunSettled(state)).toBe(settled.includes(state));
  });
});

describe('transitionStep: every (state, event)', () => {
  const EXPECTED_STEP: Array<[StepState, StepEvent, StepState]> = [
    ['pending', 'start', 'running'],
    ['pending', 'cancel', 'cancelled'],
    ['running', 'waiting-approval', 'waiting-for-approval'],
    ['running', 'succeeded', 'succeeded'],
    ['running', 'failed', 'failed'],
    ['running', 'cancel', 'cancelled'],
    ['waiting-for-approval', 'approved', 'succeeded'],
    ['waiting-for-approval', 'failed', 'failed'],
    ['waiting-for-approval', 'cancel', 'cancelled'],
    ['failed', 'retry', 'running'],
    ['failed', 'skip', 'skipped'],
    ['failed', 'cancel', 'cancelled'],
  ];
  const cases = STEP_STATES.flatMap((state) =>
    STEP_EVENTS.map((event) => [state, event] as [StepState, StepEvent]),
  );

  it('covers 7 states × 8 events', () => {
    expect(cases).toHaveLength(56);
  });

  it.each(cases)('%s on %s', (state, event) => {
    const row = EXPECTED_STEP.find(([from, ev]) => from === state && ev === event);
    if (row === undefined) {
      expect(() => transitionStep(state, event)).toThrow(InvalidTransition);
    } else {
      expect(transitionStep(state, event)).toBe(row[2]);
    }
  });

  it('names the step state and event in the error', () => {
    expect(() => transitionStep('succeeded', 'retry')).toThrow(
      'invalid step transition: event "retry" is not allowed in state "succeeded"',
    );
  });

  it.each(STEP_STATES)('isStepFinished(%s)', (state) => {
    expect(isStepFinished(state)).toBe(['succeeded', 'skipped', 'cancelled'].includes(state));
  });
});

import { isActive, runEventFromSteps, StepView } from './run-progress';

const s = (state: StepView['state'], phase: StepView['phase'] = 'failover', leased = false): StepView => ({
  state,
  phase,
  leased,
});

describe('runEventFromSteps', () => {
  it('fails a running run as soon as one step failed, even while others still run', () => {
    expect(
      runEventFromSteps('planned', 'running', [s('succeeded'), s('failed'), s('running', 'failover', true)]),
    ).toBe('step-failed');
  });

  it('waits for an approval, and is failed over when every step is done or skipped', () => {
    expect(
      runEventFromSteps('test', 'running', [s('succeeded'), s('waiting-for-approval'), s('pending')]),
    ).toBe('step-waiting-approval');
    expect(runEventFromSteps('test', 'running', [s('succeeded'), s('skipped')])).toBe('all-steps-succeeded');
    expect(runEventFromSteps('test', 'running', [s('succeeded'), s('pending')])).toBeNull();
  });

  it('finishes a cancel only once no executor holds a step', () => {
    expect(
      runEventFromSteps('unplanned', 'cancelling', [s('running', 'failover', true), s('cancelled')]),
    ).toBeNull();
    expect(
      runEventFromSteps('unplanned', 'cancelling', [s('running', 'failover', false), s('cancelled')]),
    ).toBe('cancelled');
  });

  it('ends a cleanup by its own steps only', () => {
    expect(
      runEventFromSteps('test', 'cleaning-up', [s('succeeded'), s('running', 'cleanup', true)]),
    ).toBeNull();
    expect(runEventFromSteps('test', 'cleaning-up', [s('cancelled'), s('succeeded', 'cleanup')])).toBe(
      'cleaned-up',
    );
    expect(runEventFromSteps('test', 'cleaning-up', [s('succeeded'), s('failed', 'cleanup')])).toBe(
      'step-failed',
    );
  });

  it('leaves failed runs to the operator', () => {
    expect(runEventFromSteps('planned', 'failed', [s('failed'), s('pending')])).toBeNull();
  });
});

describe('isActive', () => {
  it('holds the plan until a real failover is committed, and a drill until it has failed over', () => {
    expect(isActive('planned', 'failed-over')).toBe(true);
    expect(isActive('planned', 'committed')).toBe(false);
    expect(isActive('test', 'failed')).toBe(true);
    expect(isActive('test', 'failed-over')).toBe(false);
    expect(isActive('test', 'cleaning-up')).toBe(false);
  });
});

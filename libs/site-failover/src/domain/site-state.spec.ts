import {
  allowedSiteActions,
  deriveState,
  EntryView,
  isSiteFailoverActive,
  isSiteFailoverEnded,
  isSiteFailoverOpen,
} from './site-state';

const queued: EntryView = { status: 'queued', runState: null, failedOver: false };
const run = (runState: EntryView['runState'], failedOver = false): EntryView => ({
  status: 'started',
  runState,
  failedOver,
});
const up = run('failed-over', true);
const failed = run('failed');
const startFailed: EntryView = { status: 'start-failed', runState: null, failedOver: false };

describe('site failover state', () => {
  it('runs while a plan is queued or its run is busy, and ends by what came up', () => {
    expect(deriveState('unplanned', 'failover', [up, queued])).toBe('running');
    expect(deriveState('unplanned', 'failover', [up, run('waiting-for-approval')])).toBe('running');
    expect(deriveState('unplanned', 'failover', [up, up])).toBe('failed-over');
    expect(deriveState('unplanned', 'failover', [up, failed])).toBe('partially-failed');
    expect(deriveState('unplanned', 'failover', [up, startFailed])).toBe('partially-failed');
    expect(deriveState('unplanned', 'failover', [failed, startFailed])).toBe('failed');
    // A plan committed on its own still came up.
    expect(deriveState('unplanned', 'failover', [up, run('committed', true)])).toBe('failed-over');
  });

  it('a failed plan does not hold the others: its slot is free, and a retry makes the site failover run again', () => {
    expect(allowedSiteActions('unplanned', 'partially-failed', [up, failed])).toEqual(['retry', 'cancel']);
    expect(deriveState('unplanned', 'failover', [up, run('running')])).toBe('running');
  });

  it('cancels until no run is busy or failed, then offers what is left: cleanup of a drill, commit of what came up', () => {
    expect(deriveState('test', 'cancel', [up, run('cancelling')])).toBe('cancelling');
    expect(deriveState('test', 'cancel', [up, failed])).toBe('cancelling');
    expect(deriveState('test', 'cancel', [up, run('cancelled'), { ...queued, status: 'cancelled' }])).toBe(
      'cancelled',
    );
    expect(allowedSiteActions('test', 'cancelled', [up, run('cancelled')])).toEqual(['cleanup']);
    expect(allowedSiteActions('unplanned', 'cancelled', [up, run('cancelled')])).toEqual(['commit']);
    expect(allowedSiteActions('unplanned', 'cancelled', [run('cancelled')])).toEqual([]);
  });

  it('cleans up every drill run, and commits every real run that came up', () => {
    expect(deriveState('test', 'cleanup', [run('cleaning-up', true), run('cleaned-up', true)])).toBe(
      'cleaning-up',
    );
    expect(deriveState('test', 'cleanup', [up])).toBe('cleaning-up');
    expect(deriveState('test', 'cleanup', [run('cleanup-failed', true), run('cleaned-up', true)])).toBe(
      'cleanup-failed',
    );
    expect(
      deriveState('test', 'cleanup', [run('cleaned-up', true), { ...queued, status: 'cancelled' }]),
    ).toBe('cleaned-up');
    expect(deriveState('planned', 'commit', [up, run('committed', true)])).toBe('committing');
    expect(deriveState('planned', 'commit', [run('committed', true), run('cancelled')])).toBe('committed');
  });

  it('holds the site like a run holds its plan: a drill that came up does not, a real failover until committed', () => {
    expect(isSiteFailoverActive('test', 'running', [queued])).toBe(true);
    expect(isSiteFailoverActive('test', 'failed-over', [up])).toBe(false);
    expect(isSiteFailoverActive('unplanned', 'failed-over', [up])).toBe(true);
    expect(isSiteFailoverActive('unplanned', 'cancelled', [up])).toBe(true);
    expect(isSiteFailoverActive('unplanned', 'cancelled', [run('cancelled')])).toBe(false);
    expect(isSiteFailoverActive('unplanned', 'committed', [run('committed', true)])).toBe(false);
    expect(isSiteFailoverOpen('partially-failed')).toBe(true);
    expect(isSiteFailoverOpen('failed-over')).toBe(false);
    expect(isSiteFailoverEnded('test', 'cleaned-up', [])).toBe(true);
    expect(isSiteFailoverEnded('test', 'cancelled', [up])).toBe(false);
  });
});

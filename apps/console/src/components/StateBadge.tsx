type Tone = 'ok' | 'warning' | 'breach' | 'info' | 'muted' | 'active';

/** Tones of the states of pairs, alerts, runs and steps; the text always says the state itself. */
const TONES: Record<string, Tone> = {
  // pairs
  protected: 'ok',
  initial: 'muted',
  lagging: 'warning',
  failing: 'breach',
  'failed-over': 'info',
  paused: 'muted',
  // alerts
  open: 'breach',
  acknowledged: 'warning',
  resolved: 'ok',
  // runs and steps
  pending: 'muted',
  preflight: 'active',
  running: 'active',
  'waiting-for-approval': 'warning',
  failed: 'breach',
  cancelling: 'active',
  cancelled: 'muted',
  committing: 'active',
  'commit-failed': 'breach',
  committed: 'ok',
  'cleaning-up': 'active',
  'cleanup-failed': 'breach',
  'cleaned-up': 'ok',
  reprotecting: 'active',
  'reprotect-failed': 'breach',
  reprotected: 'ok',
  succeeded: 'ok',
  skipped: 'muted',
  // site failovers and their queues
  queued: 'muted',
  'partially-failed': 'breach',
  // readiness verdicts
  ready: 'ok',
  'at-risk': 'warning',
  'not-protected': 'breach',
};

export function StateBadge({ state, label }: { state: string; label?: string }) {
  const tone = TONES[state] ?? 'muted';
  return <span className={`badge badge-${tone}`}>{label ?? state.replace(/-/g, ' ')}</span>;
}

import { ApiError } from '../api/client';
import type { SiteProbe } from '../api/types';

interface Props {
  probe: SiteProbe | undefined;
  error: unknown;
  loading: boolean;
  /** Set when an open site-unreachable alert says more than a missing probe can. */
  unreachableSince?: string | null;
}

/** One line on a site's reachability, in words: reachable and signed in, or what failed. */
export function ProbeSummary({ probe, error, loading, unreachableSince }: Props) {
  if (probe) {
    if (!probe.reachable) {
      return (
        <>
          <p className="reach reach-down">
            <strong>Unreachable</strong>
          </p>
          {probe.error && (
            <p className="reach-detail" title={probe.error.message}>
              {probe.error.message}
            </p>
          )}
        </>
      );
    }
    return (
      <p className={`reach ${probe.authenticated ? 'reach-up' : 'reach-warn'}`}>
        <strong>{probe.authenticated ? 'Reachable' : 'Reachable, sign-in failed'}</strong>
        {typeof probe.latencyMs === 'number' && ` · ${Math.round(probe.latencyMs)} ms`}
        {probe.providerMismatches?.length
          ? ` · ${probe.providerMismatches.length} API version problem(s)`
          : ''}
        {!probe.authenticated && probe.error && (
          <span className="reach-detail" title={probe.error.message}>
            {probe.error.message}
          </span>
        )}
      </p>
    );
  }
  if (unreachableSince) {
    return (
      <p className="reach reach-down">
        <strong>Unreachable</strong> (alert open since {new Date(unreachableSince).toLocaleString()})
      </p>
    );
  }
  if (loading) return <p className="reach muted">Checking reachability…</p>;
  if (error instanceof ApiError && (error.notAvailable || error.status === 403)) {
    return (
      <p className="reach muted">
        Reachability not checked{error.notAvailable ? ' (probing is not available yet)' : ''}
      </p>
    );
  }
  if (error) {
    return (
      <p className="reach reach-warn">
        <strong>Probe failed</strong>
        <span className="reach-detail">{error instanceof Error ? error.message : String(error)}</span>
      </p>
    );
  }
  return <p className="reach muted">Reachability not checked</p>;
}

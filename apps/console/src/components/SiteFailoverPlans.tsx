import { Link } from 'react-router';
import type { SiteFailoverPlanRun } from '../api/types';
import { planIsInFlight } from '../domain/siteFailovers';
import { formatDuration, formatTime } from '../format/format';
import { PlanRunProgress } from './PlanRunProgress';
import { StateBadge } from './StateBadge';

/** Achieved against the objective, in words: colour alone says nothing to a screen reader. */
function Against({
  achieved,
  target,
  met,
}: {
  achieved: number | null;
  target: number;
  met: boolean | null;
}) {
  if (achieved === null) return <span className="muted">—</span>;
  return (
    <span className={met === false ? 'text-breach' : undefined}>
      {formatDuration(achieved)} <span className="muted small">of {formatDuration(target)}</span>
      {met === false && <span className="block small">missed</span>}
    </span>
  );
}

function PlanError({ error }: { error: NonNullable<SiteFailoverPlanRun['error']> }) {
  if (typeof error === 'string') return <span className="small block text-breach">{error}</span>;
  return (
    <span className="small block text-breach">
      {error.step && <span className="block">Failed at: {error.step}</span>}
      {error.message}
      {error.code && <span className="muted"> ({error.code})</span>}
    </span>
  );
}

/** The queue of a site failover, most critical first: each plan's state, its run, what it achieved. */
export function SiteFailoverPlans({ runs }: { runs: readonly SiteFailoverPlanRun[] }) {
  return (
    <div className="table-wrap">
      <table className="table site-plans">
        <caption className="visually-hidden">Plans of the site failover, in the order they start</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Plan</th>
            <th scope="col" className="num">
              Tier
            </th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Healthy</th>
            <th scope="col" className="num">
              Achieved RPO
            </th>
            <th scope="col" className="num">
              Achieved RTO
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.planId} data-plan={r.planName}>
              <td className="num">{r.position + 1}</td>
              <th scope="row">
                <Link to={`/plans/${r.planId}`}>{r.planName}</Link>
                <span className="muted small block">
                  <Link to={`/applications/${r.applicationId}`}>{r.applicationName}</Link>
                </span>
              </th>
              <td className="num">{r.tier}</td>
              <td>
                <StateBadge state={r.state} />
                {planIsInFlight(r) && <PlanRunProgress runId={r.runId!} />}
                {r.runId && (
                  <Link className="small block" to={`/runs/${r.runId}`}>
                    Open the run<span className="visually-hidden"> of {r.planName}</span>
                  </Link>
                )}
                {r.error && <PlanError error={r.error} />}
              </td>
              <td>
                {r.startedAt ? formatTime(r.startedAt) : <span className="muted">waiting for a slot</span>}
              </td>
              <td>{formatTime(r.healthyAt ?? r.failedOverAt)}</td>
              <td className="num">
                <Against achieved={r.achievedRpoSeconds} target={r.rpoSeconds} met={r.metRpo} />
              </td>
              <td className="num">
                <Against achieved={r.achievedRtoSeconds} target={r.rtoSeconds} met={r.metRto} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

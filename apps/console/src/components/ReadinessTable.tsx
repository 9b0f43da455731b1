import { useState } from 'react';
import { Link } from 'react-router';
import type { ReadinessApplication } from '../api/types';
import { VERDICT_LABEL } from '../domain/siteFailovers';
import { formatAgo, formatDuration, formatTime, PROTECTION_LABEL } from '../format/format';
import { LagBar } from './LagBar';
import { Pager } from './Pager';
import { StateBadge } from './StateBadge';

const ROWS_PER_PAGE = 50;

function LastDrill({ drill }: { drill: ReadinessApplication['lastDrill'] }) {
  if (!drill) return <span className="text-warning">Never drilled</span>;
  return (
    <>
      <Link to={`/runs/${drill.runId}`} title={formatTime(drill.at)}>
        {formatAgo(drill.at)}
      </Link>
      <span className="small block">
        RTO {formatDuration(drill.achievedRtoSeconds)} of {formatDuration(drill.rtoSeconds)}
        {drill.metRto === false && <strong className="text-breach"> (missed)</strong>}
      </span>
      <span className={`small block ${drill.cleanupCompleted ? 'muted' : 'text-warning'}`}>
        {drill.cleanupCompleted ? 'cleaned up' : 'cleanup not completed'}
      </span>
    </>
  );
}

function Preflight({ plans }: { plans: ReadinessApplication['plans'] }) {
  if (plans.length === 0) return <span className="muted">no plan</span>;
  return (
    <>
      {plans.map((p) => (
        <div key={p.planId} className="small">
          <Link to={`/plans/${p.planId}`}>{p.name}</Link>:{' '}
          {p.ok && p.warnings.length === 0 && <span>passes</span>}
          {p.ok && p.warnings.length > 0 && (
            <details className="inline-details">
              <summary>
                passes, {p.warnings.length} warning{p.warnings.length === 1 ? '' : 's'}
              </summary>
              <ul className="reasons">
                {p.warnings.map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
            </details>
          )}
          {!p.ok && <span className="text-breach">{p.errors.map((e) => e.message).join('; ')}</span>}
        </div>
      ))}
    </>
  );
}

/** Every application at the site with its verdict and the reasons for it, most critical first. */
export function ReadinessTable({ applications }: { applications: readonly ReadinessApplication[] }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(applications.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages - 1);
  return (
    <>
      <div className="table-wrap">
        <table className="table readiness-table">
          <caption className="visually-hidden">Applications at the site, most critical first</caption>
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col" className="num">
                Tier
              </th>
              <th scope="col">Verdict</th>
              <th scope="col">Lag now</th>
              <th scope="col">Last test failover</th>
              <th scope="col">Preflight</th>
            </tr>
          </thead>
          <tbody>
            {applications.slice(current * ROWS_PER_PAGE, (current + 1) * ROWS_PER_PAGE).map((a) => (
              <tr key={a.applicationId} data-application={a.name}>
                <th scope="row">
                  <Link to={`/applications/${a.applicationId}`}>{a.name}</Link>
                  <span className="muted small block">
                    {PROTECTION_LABEL[a.protection] ?? a.protection}
                    {a.optIn ? '' : ', not opted in'} · RTO {formatDuration(a.rtoSeconds)}
                  </span>
                </th>
                <td className="num">{a.tier}</td>
                <td>
                  <StateBadge state={a.verdict} label={VERDICT_LABEL[a.verdict] ?? a.verdict} />
                  {a.reasons.length > 0 && (
                    <ul className="reasons">
                      {a.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <LagBar
                    lagSeconds={a.lag.currentSeconds}
                    rpoSeconds={a.lag.rpoSeconds}
                    emptyText={a.lag.pairs === 0 ? 'no pairs' : undefined}
                  />
                </td>
                <td>
                  {a.verdict === 'not-protected' && !a.lastDrill ? '—' : <LastDrill drill={a.lastDrill} />}
                </td>
                <td>
                  <Preflight plans={a.plans} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label="Applications at the site"
        pageNumber={current + 1}
        hasPrevious={current > 0}
        hasNext={current < pages - 1}
        onPrevious={() => setPage(current - 1)}
        onNext={() => setPage(current + 1)}
      />
    </>
  );
}

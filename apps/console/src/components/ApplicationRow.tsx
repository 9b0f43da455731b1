import { Link } from 'react-router';
import type { OverviewRow } from '../domain/overview';
import { formatDuration, PROTECTION_LABEL } from '../format/format';
import { LagBar } from './LagBar';

/** One application on the overview: objectives, protection and its worst pair's lag against the RPO. */
export function ApplicationRow({ row }: { row: OverviewRow }) {
  const app = row.application;
  const notes: string[] = [];
  if (row.failingPairs) notes.push(`${row.failingPairs} pair${row.failingPairs > 1 ? 's' : ''} failing`);
  if (row.failedOverPairs) notes.push(`${row.failedOverPairs} failed over`);
  if (row.pairCount && row.pairsWithoutLag && row.pairsWithoutLag < row.pairCount)
    notes.push(`${row.pairsWithoutLag} without lag data`);
  return (
    <tr className={`row-${row.condition}`}>
      <th scope="row">
        <Link to={`/applications/${app.id}`}>{app.name}</Link>
        <div className="muted small">
          {app.owner} · {row.pairCount} pair{row.pairCount === 1 ? '' : 's'}
        </div>
      </th>
      <td className="num">
        <span className={`tier tier-${app.tier}`} title={`Tier ${app.tier} (1 is the most critical)`}>
          T{app.tier}
        </span>
      </td>
      <td className="num">{formatDuration(app.rpoSeconds)}</td>
      <td className="num">{formatDuration(app.rtoSeconds)}</td>
      <td>
        {PROTECTION_LABEL[app.protection] ?? app.protection}
        {!app.optIn && <div className="badge badge-muted">not opted in</div>}
      </td>
      <td>
        <LagBar
          lagSeconds={row.worstLagSeconds}
          rpoSeconds={app.rpoSeconds}
          emptyText={row.pairCount ? 'No lag data yet' : 'No pairs'}
        />
        {notes.length > 0 && <div className="small muted">{notes.join(' · ')}</div>}
      </td>
      <td className="num">
        {row.openAlerts === null ? (
          <span className="muted" title="Alerting is not available yet">
            —
          </span>
        ) : row.openAlerts > 0 ? (
          <Link to="/alerts" className="alert-count">
            {row.openAlerts}
            <span className="visually-hidden"> open alerts</span>
          </Link>
        ) : (
          <span className="muted">0</span>
        )}
      </td>
    </tr>
  );
}

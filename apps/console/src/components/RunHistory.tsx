import { Link } from 'react-router';
import { api } from '../api/client';
import type { FailoverRun, Plan } from '../api/types';
import { useStreamEvent } from '../events/EventStreamContext';
import { formatDuration, formatTime, RUN_KIND_LABEL } from '../format/format';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';
import { StateBadge } from './StateBadge';

const startedAt = (run: FailoverRun) => run.startedAt ?? run.createdAt ?? '';

/** Past and current failover runs of the given plans, newest first, with what each achieved. */
export function RunHistory({ plans }: { plans: readonly Plan[] }) {
  const ids = plans.map((p) => p.id).join(',');
  const runs = useLoad(
    async (signal) => {
      const lists = await Promise.all(plans.map((plan) => api.runs({ planId: plan.id }, signal)));
      return lists.flat().sort((a, b) => startedAt(b).localeCompare(startedAt(a)));
    },
    [ids],
  );
  useStreamEvent('run', ({ run, planId }) => {
    const id = run?.planId ?? planId;
    if (!id || plans.some((p) => p.id === id)) runs.reload();
  });
  const planName = (id: string) => plans.find((p) => p.id === id)?.name ?? id;

  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Run history</h2>
      <ErrorNotice error={runs.error} what="Loading the failover runs" feature="Failover run history" />
      {runs.loading && plans.length > 0 && <Loading what="runs" />}
      {(plans.length === 0 || runs.data?.length === 0) && (
        <p className="muted">No failover has been run yet.</p>
      )}
      {runs.data && runs.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Plan</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Achieved RPO
                </th>
                <th scope="col" className="num">
                  Achieved RTO
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    <Link to={`/runs/${run.id}`}>{formatTime(startedAt(run) || null)}</Link>
                  </th>
                  <td>{planName(run.planId)}</td>
                  <td>{RUN_KIND_LABEL[run.kind] ?? run.kind}</td>
                  <td>
                    <StateBadge state={run.state} />
                  </td>
                  <td className="num">{formatDuration(run.achievedRpoSeconds)}</td>
                  <td className="num">{formatDuration(run.achievedRtoSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

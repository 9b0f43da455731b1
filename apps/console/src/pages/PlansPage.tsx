import { Link } from 'react-router';
import { api } from '../api/client';
import type { Plan } from '../api/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';

function planFacts(plan: Plan): string {
  const pairs = plan.groups.reduce((n, g) => n + g.pairIds.length, 0);
  const steps = plan.groups.reduce((n, g) => n + g.before.length + g.after.length, 0);
  const approvals = plan.groups.reduce(
    (n, g) => n + [...g.before, ...g.after].filter((s) => s.kind === 'manual-approval').length,
    0,
  );
  return [
    `${plan.groups.length} group${plan.groups.length === 1 ? '' : 's'}`,
    `${pairs} pair${pairs === 1 ? '' : 's'}`,
    `${steps} step${steps === 1 ? '' : 's'}`,
    approvals ? `${approvals} manual approval${approvals === 1 ? '' : 's'}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function PlansPage() {
  useTitle('Plans');
  const plans = useLoad((signal) => api.plans(undefined, signal), []);
  const applications = useLoad((signal) => api.applications(signal), []);
  const appName = (id: string) => applications.data?.find((a) => a.id === id)?.name ?? '';

  return (
    <>
      <h1>Recovery plans</h1>
      <ErrorNotice error={plans.error} what="Loading the plans" feature="Recovery plans" />
      {plans.loading && <Loading what="plans" />}
      {plans.data?.length === 0 && <p className="muted">No recovery plans yet.</p>}
      {plans.data && plans.data.length > 0 && (
        <ul className="card-list">
          {plans.data.map((plan) => (
            <li key={plan.id} className="panel">
              <h2>
                <Link to={`/plans/${plan.id}`}>{plan.name}</Link>
              </h2>
              <p className="muted small">
                {appName(plan.applicationId) && (
                  <>
                    for <Link to={`/applications/${plan.applicationId}`}>{appName(plan.applicationId)}</Link>{' '}
                    ·{' '}
                  </>
                )}
                {planFacts(plan)}
              </p>
              <ol className="group-summary" aria-label={`Groups of ${plan.name}`}>
                {plan.groups.map((g, i) => (
                  <li key={i}>
                    {g.name} <span className="muted">({g.pairIds.length})</span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import { lazy, Suspense, useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { Pair } from '../api/types';
import { ApplicationEditForm } from '../components/ApplicationEditForm';
import { ApplicationFacts } from '../components/ApplicationFacts';
import { ComplianceCard } from '../components/ComplianceCard';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { PairsTable } from '../components/PairsTable';
import { RunHistory } from '../components/RunHistory';
import { WindowPicker } from '../components/WindowPicker';
import { worstPair } from '../domain/rpo';
import type { TimeWindow } from '../domain/windows';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canAdminister } from '../session/roles';
import { useSelf } from '../session/SessionContext';

// recharts is the largest dependency: load it only where a chart is drawn.
const LagChart = lazy(() => import('../components/LagChart').then((m) => ({ default: m.LagChart })));

export function ApplicationPage() {
  const { id = '' } = useParams();
  const self = useSelf();
  const application = useLoad((signal) => api.application(id, signal), [id]);
  const sites = useLoad((signal) => api.sites(signal), []);
  const plans = useLoad((signal) => api.plans(id, signal), [id]);
  const [timeWindow, setTimeWindow] = useState<TimeWindow>('24h');
  const [charted, setCharted] = useState<Pair | null>(null);
  const [editing, setEditing] = useState(false);
  useTitle(application.data?.name ?? 'Application');

  const siteName = useCallback(
    (siteId: string) => sites.data?.find((s) => s.id === siteId)?.name ?? 'unknown site',
    [sites.data],
  );
  // Until someone picks a pair, chart the one furthest behind on the first page.
  const onFirstPage = useCallback(
    (pairs: Pair[]) => setCharted((current) => current ?? worstPair(pairs) ?? pairs[0] ?? null),
    [],
  );

  if (application.error) {
    const missing = application.error instanceof ApiError && application.error.status === 404;
    return (
      <>
        <h1>Application</h1>
        {missing ? (
          <p className="notice notice-error">This application does not exist (it may have been deleted).</p>
        ) : null}
        {!missing && <ErrorNotice error={application.error} what="Loading the application" />}
        <p>
          <Link to="/">Back to the overview</Link>
        </p>
      </>
    );
  }
  if (!application.data) return <Loading what="the application" />;
  const app = application.data;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/">Overview</Link> / Application
      </p>
      <div className="page-head">
        <h1>{app.name}</h1>
        {canAdminister(self) && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit objectives
          </button>
        )}
      </div>
      {editing ? (
        <ApplicationEditForm
          application={app}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            application.setData(saved);
            setEditing(false);
          }}
        />
      ) : (
        <ApplicationFacts application={app} />
      )}

      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading">Recovery plans</h2>
        <ErrorNotice error={plans.error} what="Loading the plans" feature="Recovery plans" />
        {plans.data && plans.data.length === 0 && (
          <p className="muted">No recovery plan yet: this application cannot be failed over.</p>
        )}
        {plans.data && plans.data.length > 0 && (
          <ul className="plain-list">
            {plans.data.map((plan) => (
              <li key={plan.id}>
                <Link to={`/plans/${plan.id}`}>{plan.name}</Link>{' '}
                <span className="muted small">
                  {plan.groups.length} group{plan.groups.length === 1 ? '' : 's'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="section-head">
        <h2 className="visually-hidden">Lag and compliance</h2>
        <WindowPicker value={timeWindow} onChange={setTimeWindow} />
      </div>
      <div className="split">
        <ComplianceCard applicationId={app.id} window={timeWindow} />
        {charted ? (
          <Suspense fallback={<Loading what="the chart" />}>
            <LagChart pair={charted} rpoSeconds={app.rpoSeconds} window={timeWindow} />
          </Suspense>
        ) : (
          <p className="panel muted">Choose a pair to chart its lag.</p>
        )}
      </div>

      <PairsTable
        applicationId={app.id}
        rpoSeconds={app.rpoSeconds}
        siteName={siteName}
        chartedPairId={charted?.id ?? null}
        onChart={setCharted}
        onFirstPage={onFirstPage}
      />

      {plans.data && <RunHistory plans={plans.data} />}
    </>
  );
}

import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { FailoverForm } from '../components/FailoverForm';
import { Loading } from '../components/Loading';
import { PlanGroups } from '../components/PlanGroups';
import { RunHistory } from '../components/RunHistory';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useRunsChanged } from '../events/runsChanged';
import { RUN_KIND_LABEL } from '../format/format';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canOperate } from '../session/roles';
import { useSelf } from '../session/SessionContext';

export function PlanPage() {
  const { id = '' } = useParams();
  const self = useSelf();
  const plan = useLoad((signal) => api.plan(id, signal), [id]);
  const applicationId = plan.data?.applicationId;
  const application = useLoad(
    (signal) => (applicationId ? api.application(applicationId, signal) : Promise.resolve(null)),
    [applicationId],
  );
  const pairs = useLoad(
    (signal) => (applicationId ? api.pairsOf(applicationId, signal) : Promise.resolve([])),
    [applicationId],
  );
  const active = useLoad((signal) => api.runs({ planId: id, active: true }, signal), [id]);
  useInterval(active.reload, usePollInterval(10_000, 60_000));
  useRunsChanged(active.reload);
  useStreamEvent('run', ({ run, planId }) => {
    if ((run?.planId ?? planId) === id || (!run && !planId)) active.reload();
  });
  useTitle(plan.data?.name ?? 'Plan');
  const pairName = useCallback(
    (pairId: string) => pairs.data?.find((p) => p.id === pairId)?.name ?? `pair ${pairId.slice(0, 8)}`,
    [pairs.data],
  );

  if (plan.error) {
    return (
      <>
        <h1>Recovery plan</h1>
        {plan.error instanceof ApiError && plan.error.status === 404 && !plan.error.notAvailable ? (
          <p className="notice notice-error">This plan does not exist (it may have been deleted).</p>
        ) : (
          <ErrorNotice error={plan.error} what="Loading the plan" feature="Recovery plans" />
        )}
      </>
    );
  }
  if (!plan.data) return <Loading what="the plan" />;
  // An active run holds the plan (until it is committed, cleaned up or cancelled): no second run may start.
  const current = active.data?.find((run) => run.active !== false);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/plans">Plans</Link> / Plan
      </p>
      <h1>{plan.data.name}</h1>
      <p className="muted">
        Recovery plan for{' '}
        {application.data ? (
          <Link to={`/applications/${application.data.id}`}>{application.data.name}</Link>
        ) : (
          'its application'
        )}
        {plan.data.description ? ` — ${plan.data.description}` : ''}
      </p>

      {current && (
        <p className="notice notice-warning" role="status">
          <strong>
            {RUN_KIND_LABEL[current.kind] ?? current.kind} of this plan: {current.state.replace(/-/g, ' ')}.
          </strong>{' '}
          A new failover can start once this run is finished.{' '}
          <Link to={`/runs/${current.id}`}>Open the run</Link>
        </p>
      )}

      <div className="split split-wide">
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">Groups and steps</h2>
          {pairs.loading ? <Loading what="the pairs" /> : <PlanGroups plan={plan.data} pairName={pairName} />}
        </section>
        {canOperate(self) && !current && <FailoverForm plan={plan.data} />}
        {!canOperate(self) && (
          <p className="panel muted">
            Your role ({self.role}) can follow failovers of this plan but not start them. Ask an operator.
          </p>
        )}
      </div>

      <RunHistory plans={[plan.data]} />
    </>
  );
}

import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, type RunAction as ApiRunAction } from '../api/client';
import type { FailoverRun, RunStep } from '../api/types';
import { ActionButton } from '../components/ActionButton';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { RunSteps } from '../components/RunSteps';
import { StateBadge } from '../components/StateBadge';
import { failedStep, runActions, runIsBusy, stepProgress } from '../domain/runs';
import { useStreamEvent, useStreamStatus } from '../events/EventStreamContext';
import { notifyRunsChanged } from '../events/runsChanged';
import { formatDuration, formatTime, RUN_KIND_LABEL } from '../format/format';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canOperate } from '../session/roles';
import { useSelf } from '../session/SessionContext';

/** Actions on the whole run; approve, retry and skip sit on their step. */
const RUN_LEVEL: readonly ApiRunAction[] = ['cancel', 'commit', 'cleanup', 'reprotect', 'retry', 'failback'];
const isRunLevel = (action: string): action is ApiRunAction =>
  (RUN_LEVEL as readonly string[]).includes(action);

/** One failover run, live: its steps, what it achieved, and the actions it allows now. */
export function RunPage() {
  const { id = '' } = useParams();
  const self = useSelf();
  const navigate = useNavigate();
  const run = useLoad((signal) => api.run(id, signal), [id]);
  const planId = run.data?.planId;
  const plan = useLoad((signal) => (planId ? api.plan(planId, signal) : Promise.resolve(null)), [planId]);
  const [actionError, setActionError] = useState<unknown>(null);
  const live = useStreamStatus() === 'live';
  const busy = run.data ? runIsBusy(run.data.state) : true;
  // While the controller works on the run, follow it closely.
  useInterval(run.reload, busy ? (live ? 15_000 : 2_000) : 30_000);
  useStreamEvent('run', (event) => {
    if (event.run?.id === id) run.setData(event.run);
    else if (!event.run && (event.id === id || event.planId === planId)) run.reload();
  });
  useTitle(run.data ? `${RUN_KIND_LABEL[run.data.kind] ?? 'Run'} · ${run.data.state}` : 'Failover run');

  async function act(fn: () => Promise<FailoverRun>) {
    setActionError(null);
    try {
      const next = await fn();
      notifyRunsChanged();
      // Failback starts a new run: follow it.
      if (next && next.id && next.id !== id) navigate(`/runs/${next.id}`);
      else if (next && Array.isArray(next.steps)) run.setData(next);
      else run.reload();
    } catch (cause) {
      setActionError(cause);
      run.reload();
    }
  }

  if (run.error && !run.data) {
    if (run.error instanceof ApiError && run.error.status === 404 && !run.error.notAvailable)
      return (
        <>
          <h1>Failover run</h1>
          <p className="notice notice-error">This failover run does not exist (it may have been deleted).</p>
        </>
      );
    return <ErrorNotice error={run.error} what="Loading the failover run" feature="Failover" />;
  }
  if (!run.data) return <Loading what="the run" />;
  const r = run.data;
  const allowed = canOperate(self) ? runActions(r) : [];
  // Retry sits on the failed step when there is one; a failed commit, cleanup or reprotect is retried as a whole.
  const planName = r.planName ?? plan.data?.name ?? 'the plan';
  const runLevel = allowed.filter(isRunLevel).filter((a) => a !== 'retry' || !failedStep(r));
  const { done, total } = stepProgress(r);
  const onStepAction = (step: RunStep, action: 'approve' | 'retry' | 'skip', reason: string) =>
    act(() =>
      action === 'approve' ? api.runAction(r.id, 'approve') : api.stepAction(r.id, step.id, action, reason),
    );

  return (
    <>
      <p className="breadcrumb">
        <Link to="/plans">Plans</Link> / <Link to={`/plans/${r.planId}`}>{planName}</Link> / Run
      </p>
      <div className="page-head">
        <h1>
          {RUN_KIND_LABEL[r.kind] ?? r.kind} of {planName}
        </h1>
        <StateBadge state={r.state} />
      </div>
      <dl className="facts">
        <div>
          <dt>Progress</dt>
          <dd>
            {done} of {total} steps done
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(r.startedAt ?? r.createdAt ?? null)}</dd>
        </div>
        <div>
          <dt>Recovery point</dt>
          <dd>{r.recoveryPointAt ? formatTime(r.recoveryPointAt) : 'latest'}</dd>
        </div>
        <div>
          <dt>Achieved RPO</dt>
          <dd>{formatDuration(r.achievedRpoSeconds)}</dd>
        </div>
        <div>
          <dt>Achieved RTO</dt>
          <dd>{formatDuration(r.achievedRtoSeconds)}</dd>
        </div>
      </dl>

      <ErrorNotice error={actionError} what="The action" />
      {run.error ? <ErrorNotice error={run.error} what="Refreshing the run" /> : null}

      {runLevel.length > 0 && (
        <section className="panel" aria-labelledby="run-actions-heading">
          <h2 id="run-actions-heading">Next</h2>
          <div className="actions">
            {runLevel.map((action) => (
              <ActionButton
                key={action}
                action={action}
                input={
                  action === 'failback'
                    ? { label: `Type the plan name ${planName} to confirm`, mustEqual: planName }
                    : undefined
                }
                onRun={() => act(() => api.runAction(r.id, action))}
              />
            ))}
          </div>
        </section>
      )}

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">Steps</h2>
        <RunSteps run={r} actions={allowed} onStepAction={onStepAction} />
      </section>
    </>
  );
}

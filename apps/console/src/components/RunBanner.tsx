import { useCallback } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { FailoverRun } from '../api/types';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useRunsChanged } from '../events/runsChanged';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { stepProgress } from '../domain/runs';
import { RUN_KIND_LABEL } from '../format/format';

/**
 * Every signed-in user sees a failover in progress, whatever page they are on.
 * Silent when the controller has no failover API yet.
 */
export function RunBanner() {
  const runs = useLoad((signal) => api.runs({ active: true }, signal), []);
  useInterval(runs.reload, usePollInterval(10_000, 60_000));
  useStreamEvent('run', runs.reload);
  useRunsChanged(runs.reload);
  if (!runs.data?.length) return null;
  return (
    <section className="run-banner" aria-label="Failover in progress">
      {runs.data.map((run) => (
        <RunBannerItem key={run.id} run={run} />
      ))}
    </section>
  );
}

function RunBannerItem({ run }: { run: FailoverRun }) {
  // Runs carry their plan's name; older answers may not, then it is looked up.
  const load = useCallback(
    (signal: AbortSignal) =>
      run.planName ? Promise.resolve({ name: run.planName }) : api.plan(run.planId, signal),
    [run.planId, run.planName],
  );
  const plan = useLoad(load, [run.planId, run.planName ?? null]);
  const { done, total, current } = stepProgress(run);
  return (
    <p>
      <strong>
        {RUN_KIND_LABEL[run.kind] ?? run.kind} of {plan.data?.name ?? 'a plan'}:{' '}
        {run.state.replace(/-/g, ' ')}
      </strong>
      {total > 0 && (
        <>
          {' '}
          · step {Math.min(done + 1, total)} of {total}
          {current ? `: ${current.name}` : ''}
        </>
      )}{' '}
      <Link to={`/runs/${run.id}`}>Watch the run</Link>
    </p>
  );
}

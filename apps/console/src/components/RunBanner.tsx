import { useCallback } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { FailoverRun, SiteFailover } from '../api/types';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useRunsChanged } from '../events/runsChanged';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { stepProgress } from '../domain/runs';
import { queueSummary } from '../domain/siteFailovers';
import { RUN_KIND_LABEL, SITE_FAILOVER_KIND_LABEL } from '../format/format';

/**
 * Every signed-in user sees a failover in progress, whatever page they are on: a site
 * failover as one line (its plans' runs are on its page), other runs one line each.
 * Silent when the controller has no failover API yet.
 */
export function RunBanner() {
  const runs = useLoad((signal) => api.runs({ active: true }, signal), []);
  // Not over yet: still working, or waiting for a cleanup, commit or retry (the API's `active` is narrower).
  const sites = useLoad((signal) => api.siteFailovers({ ended: false }, signal).catch(() => []), []);
  const interval = usePollInterval(10_000, 60_000);
  useInterval(runs.reload, interval);
  useInterval(sites.reload, interval);
  useStreamEvent('run', runs.reload);
  useStreamEvent('site-failover', sites.reload);
  useRunsChanged(runs.reload);
  useRunsChanged(sites.reload);
  const ofSites = new Set((sites.data ?? []).flatMap((sf) => sf.runs.map((r) => r.runId)));
  const single = (runs.data ?? []).filter((run) => !ofSites.has(run.id));
  if (!single.length && !sites.data?.length) return null;
  return (
    <section className="run-banner" aria-label="Failover in progress">
      {sites.data?.map((sf) => (
        <SiteBannerItem key={sf.id} sf={sf} />
      ))}
      {single.map((run) => (
        <RunBannerItem key={run.id} run={run} />
      ))}
    </section>
  );
}

function SiteBannerItem({ sf }: { sf: SiteFailover }) {
  return (
    <p>
      <strong>
        {SITE_FAILOVER_KIND_LABEL[sf.kind] ?? sf.kind} of {sf.siteName}: {sf.state.replace(/-/g, ' ')}
      </strong>{' '}
      · {queueSummary(sf)} <Link to={`/site-failovers/${sf.id}`}>Watch the site failover</Link>
    </p>
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

import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import type { SiteFailover, SiteFailoverAction } from '../api/types';
import { ActionButton } from '../components/ActionButton';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { NotFailedOverList } from '../components/NotFailedOverList';
import { PreflightFindings } from '../components/PreflightFindings';
import { SiteFailoverPlans } from '../components/SiteFailoverPlans';
import { StateBadge } from '../components/StateBadge';
import {
  queueSummary,
  readSiteFindings,
  SITE_ACTION_EXPLANATION,
  SITE_ACTION_LABEL,
  siteActions,
  siteFailoverIsBusy,
} from '../domain/siteFailovers';
import { useStreamEvent, useStreamStatus } from '../events/EventStreamContext';
import { notifyRunsChanged } from '../events/runsChanged';
import { formatDuration, formatTime, SITE_FAILOVER_KIND_LABEL } from '../format/format';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canOperate } from '../session/roles';
import { useSelf } from '../session/SessionContext';

/** One site failover, live: the queue of plans in tier order, each plan's progress, and what to do next. */
export function SiteFailoverPage() {
  const { id = '' } = useParams();
  const self = useSelf();
  const sf = useLoad((signal) => api.siteFailover(id, signal), [id]);
  const [actionError, setActionError] = useState<unknown>(null);
  const live = useStreamStatus() === 'live';
  const busy = sf.data ? siteFailoverIsBusy(sf.data.state) : true;
  useInterval(sf.reload, busy ? (live ? 15_000 : 2_000) : 30_000);
  useStreamEvent('site-failover', (event) => {
    if (event.id === id) sf.reload();
  });
  // A plan's run changing state (a step failing, say) changes the row before the coordinator's next event.
  useStreamEvent('run', (event) => {
    const runId = event.run?.id ?? event.id;
    if (event.event !== 'step' && sf.data?.runs.some((r) => r.runId === runId)) sf.reload();
  });
  const kindLabel = sf.data ? (SITE_FAILOVER_KIND_LABEL[sf.data.kind] ?? sf.data.kind) : 'Site failover';
  useTitle(sf.data ? `${kindLabel} · ${sf.data.state}` : 'Site failover');

  async function act(action: SiteFailoverAction) {
    setActionError(null);
    try {
      sf.setData(await api.siteFailoverAction(id, action));
      notifyRunsChanged();
    } catch (cause) {
      setActionError(cause);
      sf.reload();
    }
  }

  if (sf.error && !sf.data) {
    if (sf.error instanceof ApiError && sf.error.status === 404 && !sf.error.notAvailable)
      return (
        <>
          <h1>Site failover</h1>
          <p className="notice notice-error">This site failover does not exist.</p>
        </>
      );
    return <ErrorNotice error={sf.error} what="Loading the site failover" feature="Site failover" />;
  }
  if (!sf.data) return <Loading what="the site failover" />;
  const s: SiteFailover = sf.data;
  const actions = canOperate(self) ? siteActions(s) : [];
  const preflight = readSiteFindings(s.preflight?.findings);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/sites">Sites</Link> / <Link to={`/sites/${s.siteId}`}>{s.siteName}</Link> / Site failover
      </p>
      <div className="page-head">
        <h1>
          {kindLabel} of {s.siteName}
        </h1>
        <StateBadge state={s.state} />
      </div>
      <p className="readiness-answer" role="status">
        {queueSummary(s)}
      </p>
      <dl className="facts">
        <div>
          <dt>Pressed</dt>
          <dd>
            {formatTime(s.createdAt)} <span className="muted">by {s.requestedBy}</span>
          </dd>
        </div>
        <div>
          <dt>Plans at once</dt>
          <dd>{s.plansInFlight}</dd>
        </div>
        <div>
          <dt>Last plan healthy</dt>
          <dd>{formatTime(s.healthyAt)}</dd>
        </div>
        <div>
          <dt>Site RTO achieved</dt>
          <dd>{formatDuration(s.achievedRtoSeconds)}</dd>
        </div>
      </dl>

      <ErrorNotice error={actionError} what="The action" />
      {sf.error ? <ErrorNotice error={sf.error} what="Refreshing the site failover" /> : null}

      {actions.length > 0 && (
        <section className="panel" aria-labelledby="site-actions-heading">
          <h2 id="site-actions-heading">Next</h2>
          <div className="actions">
            {actions.map((action) => (
              <ActionButton
                key={action}
                action={action}
                label={SITE_ACTION_LABEL[action]}
                explanation={SITE_ACTION_EXPLANATION[action]}
                input={
                  action === 'commit'
                    ? { label: `Type the site name ${s.siteName} to confirm`, mustEqual: s.siteName }
                    : undefined
                }
                onRun={() => act(action)}
              />
            ))}
          </div>
          <p className="muted small">
            A plan waiting for an approval, or with a step to skip, is handled on its run: open it from the
            table.
          </p>
        </section>
      )}

      <section aria-labelledby="site-plans-heading">
        <h2 id="site-plans-heading">Plans, most critical first</h2>
        <SiteFailoverPlans runs={s.runs} />
      </section>

      <NotFailedOverList items={s.notFailedOver} siteName={s.siteName} />

      {preflight.findings.length > 0 && (
        <section aria-labelledby="site-preflight-heading">
          <h2 id="site-preflight-heading">Preflight at the start</h2>
          {s.preflight.acceptedWarnings && (
            <p className="muted">The warnings were accepted when it started.</p>
          )}
          <PreflightFindings summary={preflight} />
        </section>
      )}

      {s.actions.length > 0 && (
        <section aria-labelledby="site-history-heading">
          <h2 id="site-history-heading">Actions taken</h2>
          <ul>
            {s.actions.map((a, i) => (
              <li key={i}>
                {formatTime(a.at)}: <strong>{a.action}</strong> by {a.by}
                {a.note ? ` — ${a.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { ReadinessSummary } from '../components/ReadinessSummary';
import { ReadinessTable } from '../components/ReadinessTable';
import { SiteFailoverForm } from '../components/SiteFailoverForm';
import { SiteFailoverHistory } from '../components/SiteFailoverHistory';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useRunsChanged } from '../events/runsChanged';
import { formatTime, SITE_FAILOVER_KIND_LABEL } from '../format/format';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canOperate } from '../session/roles';
import { useSelf } from '../session/SessionContext';

/**
 * A site before and during its worst day: "if we lost it now, what would come back, how
 * fast, with how much data lost", and the one button that fails all of it over.
 */
export function SitePage() {
  const { id = '' } = useParams();
  const self = useSelf();
  const site = useLoad((signal) => api.site(id, signal), [id]);
  const readiness = useLoad((signal) => api.siteReadiness(id, signal), [id]);
  const unfinished = useLoad((signal) => api.siteFailovers({ siteId: id, ended: false }, signal), [id]);
  // Readiness runs a preflight of every plan: refreshed on demand and once a minute, not on every lag event.
  useInterval(readiness.reload, 60_000);
  useInterval(unfinished.reload, usePollInterval(10_000, 60_000));
  useRunsChanged(unfinished.reload);
  useStreamEvent('site-failover', (event) => {
    if (event.siteId === id) unfinished.reload();
  });
  useTitle(site.data ? `${site.data.name} · readiness` : 'Site');

  if (site.error) {
    return (
      <>
        <h1>Site</h1>
        {site.error instanceof ApiError && site.error.status === 404 && !site.error.notAvailable ? (
          <p className="notice notice-error">This site does not exist.</p>
        ) : (
          <ErrorNotice error={site.error} what="Loading the site" />
        )}
      </>
    );
  }
  if (!site.data) return <Loading what="the site" />;
  const s = site.data;
  const current = unfinished.data?.[0];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/sites">Sites</Link> / {s.name}
      </p>
      <h1>{s.name}</h1>
      <p className="muted">
        {s.location} · {s.armEndpoint}
      </p>

      {current && (
        <p className="notice notice-warning" role="status">
          <strong>
            {SITE_FAILOVER_KIND_LABEL[current.kind] ?? current.kind} of this site:{' '}
            {current.state.replace(/-/g, ' ')}.
          </strong>{' '}
          A new site failover can start once it is finished (a drill once it is cleaned up).{' '}
          <Link to={`/site-failovers/${current.id}`}>Open the site failover</Link>
        </p>
      )}

      <section aria-labelledby="readiness-heading">
        <div className="section-head">
          <h2 id="readiness-heading">Readiness</h2>
          <span className="muted small">
            {readiness.data ? `checked ${formatTime(readiness.data.checkedAt)}` : ''}{' '}
            <button
              type="button"
              className="link-button small"
              onClick={readiness.reload}
              disabled={readiness.busy}
            >
              {readiness.busy ? 'Checking…' : 'Check again'}
            </button>
          </span>
        </div>
        <ErrorNotice error={readiness.error} what="Checking readiness" feature="Site readiness" />
        {readiness.loading && <Loading what="readiness" />}
        {readiness.data && (
          <>
            <ReadinessSummary readiness={readiness.data} />
            {readiness.data.applications.length === 0 ? (
              <p className="muted">No application has pairs at this site.</p>
            ) : (
              <ReadinessTable applications={readiness.data.applications} />
            )}
          </>
        )}
      </section>

      {canOperate(self) && !current && <SiteFailoverForm site={s} />}
      {!canOperate(self) && (
        <p className="panel muted">
          Your role ({self.role}) can follow site failovers but not start them. Ask an operator.
        </p>
      )}

      <SiteFailoverHistory site={s} />
    </>
  );
}

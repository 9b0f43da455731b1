import { useCallback } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { Alert, Site } from '../api/types';
import { useLoad } from '../hooks/useLoad';
import { ProbeSummary } from './ProbeSummary';

interface Props {
  site: Site;
  openAlerts: readonly Alert[] | null;
}

/** A site on the overview: where it is and whether the controller can reach it (probed once, on demand after). */
export function SiteStatusCard({ site, openAlerts }: Props) {
  const load = useCallback(() => api.probeSite(site.id), [site.id]);
  const probe = useLoad(load, [site.id]);
  const unreachable = openAlerts?.find((a) => a.kind === 'site-unreachable' && a.siteId === site.id);
  return (
    <article className="site-card" aria-labelledby={`site-${site.id}`}>
      <h3 id={`site-${site.id}`}>
        <Link to={`/sites/${site.id}`}>{site.name}</Link>
      </h3>
      <p className="muted small">
        {site.location} · {site.armEndpoint}
      </p>
      <ProbeSummary
        probe={probe.data}
        error={probe.error}
        loading={probe.loading}
        unreachableSince={unreachable?.openedAt}
      />
      <button type="button" className="link-button small" onClick={probe.reload} disabled={probe.busy}>
        Check again<span className="visually-hidden"> {site.name}</span>
      </button>{' '}
      <Link className="small" to={`/sites/${site.id}`}>
        Readiness and site failover<span className="visually-hidden"> of {site.name}</span>
      </Link>
    </article>
  );
}

import { api } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { SiteFailoverHistory } from '../components/SiteFailoverHistory';
import { SiteStatusCard } from '../components/SiteStatusCard';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';

/** The stamps, each with the way to its readiness and site failover, and every site failover so far. */
export function SitesPage() {
  useTitle('Sites');
  const sites = useLoad((signal) => api.sites(signal), []);
  const alerts = useLoad((signal) => api.openAlerts(signal).catch(() => null), []);
  return (
    <>
      <h1>Sites</h1>
      <ErrorNotice error={sites.error} what="Loading the sites" />
      {sites.loading && <Loading what="sites" />}
      {sites.data?.length === 0 && <p className="muted">No sites are registered yet.</p>}
      <div className="site-grid">
        {sites.data?.map((site) => (
          <SiteStatusCard key={site.id} site={site} openAlerts={alerts.data ?? null} />
        ))}
      </div>
      <SiteFailoverHistory sites={sites.data ?? []} />
    </>
  );
}

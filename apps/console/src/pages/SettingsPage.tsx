import { api } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { NetworkMappingList } from '../components/NetworkMappingList';
import { SiteSettingsCard } from '../components/SiteSettingsCard';
import { TokenSettings } from '../components/TokenSettings';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canAdminister } from '../session/roles';
import { useSelf } from '../session/SessionContext';

export function SettingsPage() {
  useTitle('Settings');
  const self = useSelf();
  const sites = useLoad((signal) => api.sites(signal), []);
  return (
    <>
      <h1>Settings</h1>
      <section aria-labelledby="settings-sites-heading">
        <h2 id="settings-sites-heading">Sites</h2>
        <ErrorNotice error={sites.error} what="Loading the sites" />
        {sites.loading && <Loading what="sites" />}
        {sites.data?.length === 0 && <p className="muted">No sites are registered yet.</p>}
        <div className="card-grid">
          {sites.data?.map((site) => (
            <SiteSettingsCard key={site.id} site={site} />
          ))}
        </div>
      </section>
      <NetworkMappingList sites={sites.data ?? []} />
      {canAdminister(self) && <TokenSettings selfId={self.id} />}
    </>
  );
}

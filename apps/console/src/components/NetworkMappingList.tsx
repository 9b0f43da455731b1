import { api } from '../api/client';
import type { Site } from '../api/types';
import { subnetName } from '../format/format';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

/** Which subnet at the target (and which isolated one for tests) each source subnet fails over to. */
export function NetworkMappingList({ sites }: { sites: readonly Site[] }) {
  const mappings = useLoad((signal) => api.networkMappings(signal), []);
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? 'unknown site';
  return (
    <section aria-labelledby="mappings-heading">
      <h2 id="mappings-heading">Network mappings</h2>
      <ErrorNotice error={mappings.error} what="Loading the network mappings" feature="Network mappings" />
      {mappings.loading && <Loading what="network mappings" />}
      {mappings.data?.length === 0 && <p className="muted">No network mappings yet.</p>}
      {mappings.data && mappings.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Mapping</th>
                <th scope="col">Source subnet</th>
                <th scope="col">Target subnet</th>
                <th scope="col">Test subnet</th>
              </tr>
            </thead>
            <tbody>
              {mappings.data.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.name}
                    <div className="muted small">
                      {siteName(m.sourceSiteId)} → {siteName(m.targetSiteId)}
                    </div>
                  </th>
                  <td title={m.sourceSubnetId}>{subnetName(m.sourceSubnetId)}</td>
                  <td title={m.targetSubnetId}>{subnetName(m.targetSubnetId)}</td>
                  <td title={m.testSubnetId ?? undefined}>{subnetName(m.testSubnetId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

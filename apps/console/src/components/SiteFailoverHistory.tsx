import { Link } from 'react-router';
import { api } from '../api/client';
import type { Site } from '../api/types';
import { queueSummary } from '../domain/siteFailovers';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useRunsChanged } from '../events/runsChanged';
import { formatDuration, formatTime, SITE_FAILOVER_KIND_LABEL } from '../format/format';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';
import { StateBadge } from './StateBadge';

/** Site failovers, newest first: of one site, or of all sites with the site named. */
export function SiteFailoverHistory({ site, sites }: { site?: Site; sites?: readonly Site[] }) {
  const list = useLoad(
    async (signal) =>
      (await api.siteFailovers({ siteId: site?.id }, signal)).sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      ),
    [site?.id ?? null],
  );
  useInterval(list.reload, usePollInterval(15_000, 60_000));
  useRunsChanged(list.reload);
  useStreamEvent('site-failover', (event) => {
    if (!site || event.siteId === site.id) list.reload();
  });
  const siteName = (id: string) => site?.name ?? sites?.find((s) => s.id === id)?.name;

  return (
    <section aria-labelledby="site-failovers-heading">
      <h2 id="site-failovers-heading">Site failovers</h2>
      <ErrorNotice error={list.error} what="Loading the site failovers" feature="Site failover" />
      {list.loading && <Loading what="site failovers" />}
      {list.data?.length === 0 && <p className="muted">No site failover has been run yet.</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Pressed</th>
                {!site && <th scope="col">Site</th>}
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Plans</th>
                <th scope="col" className="num">
                  Site RTO achieved
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((sf) => (
                <tr key={sf.id}>
                  <th scope="row">
                    <Link to={`/site-failovers/${sf.id}`}>{formatTime(sf.createdAt)}</Link>
                  </th>
                  {!site && <td>{siteName(sf.siteId) ?? sf.siteName}</td>}
                  <td>{SITE_FAILOVER_KIND_LABEL[sf.kind] ?? sf.kind}</td>
                  <td>
                    <StateBadge state={sf.state} />
                  </td>
                  <td>{queueSummary(sf)}</td>
                  <td className="num">{formatDuration(sf.achievedRtoSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

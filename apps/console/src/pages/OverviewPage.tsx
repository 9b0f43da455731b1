import { useCallback, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Alert, Pair } from '../api/types';
import { ApplicationRow } from '../components/ApplicationRow';
import { ConditionSummary } from '../components/ConditionSummary';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveIndicator } from '../components/LiveIndicator';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { SiteStatusCard } from '../components/SiteStatusCard';
import { overviewRows } from '../domain/overview';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';

const ROWS_PER_PAGE = 50;

export function OverviewPage() {
  useTitle('Overview');
  const sites = useLoad((signal) => api.sites(signal), []);
  const applications = useLoad((signal) => api.applications(signal), []);
  const pairs = useLoad((signal) => api.allPairs(signal), []);
  const alerts = useLoad((signal) => api.openAlerts(signal), []);
  const [lastEventAt, setLastEventAt] = useState<Date | null>(null);

  const refresh = useCallback(() => {
    applications.reload();
    pairs.reload();
    alerts.reload();
  }, [applications.reload, pairs.reload, alerts.reload]);
  useInterval(refresh, usePollInterval(10_000, 60_000));

  // Lag events can come in dozens a second with a large estate: apply them once a second.
  const pending = useRef(new Map<string, { lagSeconds: number | null; state: string }>());
  useStreamEvent('lag', (event) =>
    pending.current.set(event.pairId, { lagSeconds: event.lagSeconds, state: event.state }),
  );
  useInterval(() => {
    if (!pending.current.size) return;
    const updates = pending.current;
    pending.current = new Map();
    pairs.setData((list) => list?.map((p: Pair) => (updates.has(p.id) ? { ...p, ...updates.get(p.id) } : p)));
    setLastEventAt(new Date());
  }, 1000);
  useStreamEvent('alert', ({ alert }) => {
    setLastEventAt(new Date());
    if (!alert) return alerts.reload();
    alerts.setData((list) => {
      if (!list) return list;
      const rest = list.filter((a: Alert) => a.id !== alert.id);
      return alert.state === 'open' ? [alert, ...rest] : rest;
    });
  });

  const alertsAvailable = !(alerts.error instanceof ApiError && alerts.error.notAvailable);
  const openAlerts = alertsAvailable ? (alerts.data ?? null) : null;
  // Without pairs (an error is shown) the applications are still listed, with no lag data.
  const pairList = pairs.data ?? (pairs.error ? [] : undefined);
  const rows = useMemo(
    () => (applications.data && pairList ? overviewRows(applications.data, pairList, openAlerts) : null),
    [applications.data, pairList, openAlerts],
  );

  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle
      ? (rows ?? []).filter((r) =>
          `${r.application.name} ${r.application.owner}`.toLowerCase().includes(needle),
        )
      : (rows ?? []);
  }, [rows, filter]);
  const pageCount = Math.max(1, Math.ceil(shown.length / ROWS_PER_PAGE));
  const current = Math.min(page, pageCount - 1);
  const updatedAt = [pairs.updatedAt, lastEventAt].reduce<Date | null>(
    (a, b) => (b && (!a || b > a) ? b : a),
    null,
  );

  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <LiveIndicator updatedAt={updatedAt} />
      </div>

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <ErrorNotice error={sites.error} what="Loading the sites" />
        {sites.loading && <Loading what="sites" />}
        {sites.data && sites.data.length === 0 && <p className="muted">No sites are registered yet.</p>}
        <div className="site-grid">
          {sites.data?.map((site) => (
            <SiteStatusCard key={site.id} site={site} openAlerts={openAlerts} />
          ))}
        </div>
      </section>

      <section aria-labelledby="apps-heading">
        <div className="section-head">
          <h2 id="apps-heading">Applications</h2>
          <div className="field-inline">
            <label htmlFor="app-filter">Filter</label>
            <input
              id="app-filter"
              type="search"
              placeholder="name or owner"
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
                setPage(0);
              }}
            />
          </div>
        </div>
        <ErrorNotice error={applications.error} what="Loading the applications" />
        <ErrorNotice error={pairs.error} what="Loading the replication pairs" />
        {alertsAvailable && <ErrorNotice error={alerts.error} what="Loading the open alerts" />}
        {!rows && !applications.error && <Loading what="applications" />}
        {rows && <ConditionSummary rows={rows} />}
        {rows && rows.length === 0 && <p className="muted">No applications are registered yet.</p>}
        {shown.length > 0 && (
          <div className="table-wrap">
            <table className="table overview-table">
              <caption className="visually-hidden">Applications, most urgent first</caption>
              <thead>
                <tr>
                  <th scope="col">Application</th>
                  <th scope="col" className="num">
                    Tier
                  </th>
                  <th scope="col" className="num">
                    RPO
                  </th>
                  <th scope="col" className="num">
                    RTO
                  </th>
                  <th scope="col">Protection</th>
                  <th scope="col">Worst lag</th>
                  <th scope="col" className="num">
                    Alerts
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(current * ROWS_PER_PAGE, (current + 1) * ROWS_PER_PAGE).map((row) => (
                  <ApplicationRow key={row.application.id} row={row} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows && rows.length > 0 && shown.length === 0 && (
          <p className="muted">No application matches “{filter}”.</p>
        )}
        <Pager
          label="Pages of applications"
          pageNumber={current + 1}
          hasPrevious={current > 0}
          hasNext={current < pageCount - 1}
          onPrevious={() => setPage(current - 1)}
          onNext={() => setPage(current + 1)}
        />
      </section>
    </>
  );
}

import { useMemo, useState } from 'react';
import { api } from '../api/client';
import type { AlertState } from '../api/types';
import { AlertItem, type AlertNames } from '../components/AlertItem';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveIndicator } from '../components/LiveIndicator';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { usePollInterval, useStreamEvent } from '../events/EventStreamContext';
import { useCursorPager } from '../hooks/useCursorPager';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { useTitle } from '../hooks/useTitle';
import { canOperate } from '../session/roles';
import { useSelf } from '../session/SessionContext';

const STATES: ReadonlyArray<{ state: AlertState; label: string }> = [
  { state: 'open', label: 'Open' },
  { state: 'acknowledged', label: 'Acknowledged' },
  { state: 'resolved', label: 'Resolved' },
];

export function AlertsPage() {
  useTitle('Alerts');
  const self = useSelf();
  const [state, setState] = useState<AlertState>('open');
  const pager = useCursorPager((request) => api.alertsPage(state, request), 50, [state]);
  useInterval(pager.reload, usePollInterval(10_000, 60_000));
  useStreamEvent('alert', pager.reload);

  const applications = useLoad((signal) => api.applications(signal), []);
  const sites = useLoad((signal) => api.sites(signal), []);
  const pairs = useLoad((signal) => api.allPairs(signal), []);
  const names = useMemo<AlertNames>(() => {
    const apps = new Map(applications.data?.map((a) => [a.id, a.name]));
    const siteNames = new Map(sites.data?.map((s) => [s.id, s.name]));
    const pairInfo = new Map(
      pairs.data?.map((p) => [p.id, { name: p.name, applicationId: p.applicationId }]),
    );
    return {
      application: (id) => apps.get(id),
      site: (id) => siteNames.get(id),
      pair: (id) => pairInfo.get(id),
    };
  }, [applications.data, sites.data, pairs.data]);
  // Alerts name their subject; wait for the names (or their failure) rather than flash ids.
  const namesReady = !applications.loading && !sites.loading && !pairs.loading;

  return (
    <>
      <div className="page-head">
        <h1>Alerts</h1>
        <LiveIndicator updatedAt={pager.updatedAt} />
      </div>
      <fieldset className="segmented">
        <legend>Show alerts that are</legend>
        {STATES.map((s) => (
          <label key={s.state} className={state === s.state ? 'selected' : ''}>
            <input
              type="radio"
              name="alert-state"
              value={s.state}
              checked={state === s.state}
              onChange={() => setState(s.state)}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={pager.error} what="Loading the alerts" feature="Alerting" />
      {(pager.loading || !namesReady) && <Loading what="alerts" />}
      {namesReady && pager.items?.length === 0 && <p className="muted">No {state} alerts.</p>}
      {namesReady && pager.items && pager.items.length > 0 && (
        <ul className="alert-list" aria-label={`${state} alerts`}>
          {pager.items.map((alert) => (
            <AlertItem
              key={alert.id}
              alert={alert}
              names={names}
              canAcknowledge={canOperate(self)}
              onChanged={pager.reload}
            />
          ))}
        </ul>
      )}
      <Pager
        label="Pages of alerts"
        pageNumber={pager.pageNumber}
        hasPrevious={pager.hasPrevious}
        hasNext={pager.hasNext}
        onPrevious={pager.previous}
        onNext={pager.next}
      />
    </>
  );
}

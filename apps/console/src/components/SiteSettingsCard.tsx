import { useState } from 'react';
import { api } from '../api/client';
import type { Site, SiteProbe } from '../api/types';
import { ErrorNotice } from './ErrorNotice';
import { ProbeDetails } from './ProbeDetails';
import { ProbeSummary } from './ProbeSummary';
import { SiteInventoryView } from './SiteInventoryView';

/** A registered site with its connection facts, a probe of its reachability, and what is at it. */
export function SiteSettingsCard({ site }: { site: Site }) {
  const [probe, setProbe] = useState<SiteProbe | null>(null);
  const [probeError, setProbeError] = useState<unknown>(null);
  const [probing, setProbing] = useState(false);
  const [showInventory, setShowInventory] = useState(false);

  async function runProbe() {
    setProbing(true);
    setProbeError(null);
    try {
      setProbe(await api.probeSite(site.id));
    } catch (cause) {
      setProbe(null);
      setProbeError(cause);
    } finally {
      setProbing(false);
    }
  }

  return (
    <article className="panel" aria-labelledby={`site-settings-${site.id}`}>
      <h3 id={`site-settings-${site.id}`}>{site.name}</h3>
      <dl className="facts compact">
        <div>
          <dt>Location</dt>
          <dd>{site.location}</dd>
        </div>
        <div>
          <dt>API profile</dt>
          <dd>{site.apiProfile}</dd>
        </div>
        <div className="wide">
          <dt>ARM endpoint</dt>
          <dd className="mono">{site.armEndpoint}</dd>
        </div>
        <div className="wide">
          <dt>Subscription</dt>
          <dd className="mono">{site.subscriptionId}</dd>
        </div>
        <div>
          <dt>Tenant</dt>
          <dd className="mono">{site.tenantId}</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" onClick={runProbe} disabled={probing}>
          {probing ? 'Probing…' : 'Probe'}
          <span className="visually-hidden"> {site.name}</span>
        </button>
        <button type="button" aria-expanded={showInventory} onClick={() => setShowInventory((v) => !v)}>
          {showInventory ? 'Hide inventory' : 'Show inventory'}
          <span className="visually-hidden"> of {site.name}</span>
        </button>
      </div>
      <ErrorNotice error={probeError} what="Probing the site" feature="Probing a site" />
      {probe && <ProbeSummary probe={probe} error={null} loading={false} />}
      {probe && <ProbeDetails probe={probe} />}
      {showInventory && <SiteInventoryView siteId={site.id} />}
    </article>
  );
}

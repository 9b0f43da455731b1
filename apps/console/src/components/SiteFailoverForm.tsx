import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { Site, SiteFinding, SitePreflight } from '../api/types';
import { readSiteFindings } from '../domain/siteFailovers';
import { notifyRunsChanged } from '../events/runsChanged';
import { NotFailedOverList } from './NotFailedOverList';
import { StartFailoverForm, type KindChoice } from './StartFailoverForm';

const KINDS: readonly KindChoice[] = [
  {
    kind: 'test',
    label: 'Test site failover',
    help: 'A drill of every protected application of the site, in the isolated test networks. Production is not touched.',
  },
  {
    kind: 'planned',
    label: 'Planned site failover',
    help: 'The site is up: each plan stops its VMs, takes a final recovery point, then fails over. No data is lost.',
  },
  {
    kind: 'unplanned',
    label: 'Unplanned site failover',
    help: 'The site is lost: every plan fails over to its latest recovery point without asking the site anything.',
  },
];

/** Failing over a whole site: every protected application's plan, most critical first. */
export function SiteFailoverForm({ site }: { site: Site }) {
  const navigate = useNavigate();
  const [checked, setChecked] = useState<SitePreflight | null>(null);
  return (
    <StartFailoverForm
      heading="Fail over the site"
      kinds={KINDS}
      preflightHelp="Checks all plans together: the target's capacity and quota for every plan at once, addresses wanted twice, incomplete mappings."
      confirmName={site.name}
      confirmNoun="site name"
      feature="Site failover"
      onKindChange={() => setChecked(null)}
      preflight={async (kind) => {
        const answer = await api.sitePreflight(site.id, kind);
        setChecked(answer);
        const summary = readSiteFindings(answer.findings, answer.ok);
        if (answer.plans.length === 0)
          summary.findings.unshift({
            severity: 'error',
            message:
              'No application at this site is protected by replication, opted in, with a recovery plan.',
          });
        return summary;
      }}
      readRefusal={(details) => readSiteFindings((details as { findings?: SiteFinding[] } | null)?.findings)}
      start={async (kind, confirm, acceptWarnings, key) => {
        const started = await api.startSiteFailover(site.id, kind, confirm, acceptWarnings, key);
        notifyRunsChanged();
        navigate(`/site-failovers/${started.id}`);
      }}
      details={checked && <PlanOrder preflight={checked} />}
    />
  );
}

function PlanOrder({ preflight }: { preflight: SitePreflight }) {
  return (
    <>
      {preflight.plans.length > 0 && (
        <>
          <h4>
            {preflight.plans.length} plan{preflight.plans.length === 1 ? '' : 's'}, in the order they start (
            {preflight.plansInFlight} at a time)
          </h4>
          <ol className="plan-order">
            {preflight.plans.map((p) => (
              <li key={p.planId}>
                <strong>{p.planName}</strong>{' '}
                <span className="muted">
                  {p.applicationName}, tier {p.tier}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <NotFailedOverList items={preflight.notFailedOver} siteName={preflight.siteName} headingLevel={4} />
    </>
  );
}

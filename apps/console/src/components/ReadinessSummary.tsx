import type { SiteReadiness } from '../api/types';
import { formatDuration } from '../format/format';
import { PreflightFindings } from './PreflightFindings';
import { readSiteFindings } from '../domain/siteFailovers';

/** The answer at the top: how many would come back, how fast, with how much data lost. */
export function ReadinessSummary({ readiness }: { readiness: SiteReadiness }) {
  const s = readiness.summary;
  const rto = s.estimatedRto;
  const siteFindings = readSiteFindings(s.siteFindings);
  return (
    <>
      <p className="readiness-answer" role="status">
        If {readiness.siteName} were lost now, <strong>{s.wouldComeBack}</strong> of {s.applications}{' '}
        application
        {s.applications === 1 ? '' : 's'} would come back.
      </p>
      <dl className="facts">
        <div>
          <dt>Estimated site RTO</dt>
          <dd>
            {rto.rtoSeconds !== null ? (
              <>
                {formatDuration(rto.rtoSeconds)}{' '}
                <span className="muted small block">
                  from the last drills, {readiness.plansInFlight} plans at a time
                </span>
              </>
            ) : (
              <>
                Unknown <span className="muted small block">{rto.reason ?? 'no drill yet'}</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Data lost now</dt>
          <dd>
            {s.dataLossSeconds !== null ? formatDuration(s.dataLossSeconds) : 'Unknown'}
            {s.dataLossUnknown > 0 && (
              <span className="muted small block">
                {s.dataLossUnknown} application{s.dataLossUnknown === 1 ? '' : 's'} with no known lag
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Ready</dt>
          <dd>{s.ready}</dd>
        </div>
        <div>
          <dt>At risk</dt>
          <dd className={s.atRisk ? 'text-warning' : undefined}>{s.atRisk}</dd>
        </div>
        <div>
          <dt>Not protected</dt>
          <dd className={s.notProtected ? 'text-breach' : undefined}>{s.notProtected}</dd>
        </div>
      </dl>
      {s.siteBlocked && (
        <p className="notice notice-error">
          <strong>A site failover would be refused now:</strong> all plans together do not fit, see below.
        </p>
      )}
      {siteFindings.findings.length > 0 && <PreflightFindings summary={siteFindings} />}
    </>
  );
}

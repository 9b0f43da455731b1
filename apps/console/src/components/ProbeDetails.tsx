import type { SiteProbe } from '../api/types';

/** Everything a probe found: endpoints from metadata and the api-versions the stamp does not offer. */
export function ProbeDetails({ probe }: { probe: SiteProbe }) {
  return (
    <dl className="facts compact">
      {typeof probe.latencyMs === 'number' && (
        <div>
          <dt>Latency</dt>
          <dd>{Math.round(probe.latencyMs)} ms</dd>
        </div>
      )}
      {probe.endpoints && (
        <div className="wide">
          <dt>Login endpoint</dt>
          <dd className="mono">{probe.endpoints.loginEndpoint}</dd>
        </div>
      )}
      {probe.endpoints && (
        <div className="wide">
          <dt>Token audience</dt>
          <dd className="mono">{probe.endpoints.audience}</dd>
        </div>
      )}
      {probe.error && (
        <div className="wide">
          <dt>Error</dt>
          <dd>
            {probe.error.message} <span className="muted">({probe.error.code})</span>
          </dd>
        </div>
      )}
      <div className="wide">
        <dt>Provider versions</dt>
        <dd>
          {!probe.providerMismatches?.length ? (
            'every resource type offers the api-version the gateway uses'
          ) : (
            <ul>
              {probe.providerMismatches.map((m) => (
                <li key={m.resourceType}>
                  <code>{m.resourceType}</code>: wants {m.wanted}, stamp offers{' '}
                  {m.offered.join(', ') || 'nothing'} ({m.problem})
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}

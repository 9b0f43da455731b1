import type { Application } from '../api/types';
import { formatDuration, PROTECTION_LABEL } from '../format/format';

export function ApplicationFacts({ application }: { application: Application }) {
  return (
    <dl className="facts">
      <div>
        <dt>Owner</dt>
        <dd>{application.owner}</dd>
      </div>
      <div>
        <dt>Tier</dt>
        <dd>
          {application.tier} <span className="muted small">(1 is the most critical)</span>
        </dd>
      </div>
      <div>
        <dt>RPO</dt>
        <dd>{formatDuration(application.rpoSeconds)}</dd>
      </div>
      <div>
        <dt>RTO</dt>
        <dd>{formatDuration(application.rtoSeconds)}</dd>
      </div>
      <div>
        <dt>Protection</dt>
        <dd>
          {PROTECTION_LABEL[application.protection] ?? application.protection} ·{' '}
          {application.optIn ? 'opted in' : 'not opted in'}
        </dd>
      </div>
      {application.description && (
        <div className="wide">
          <dt>Description</dt>
          <dd>{application.description}</dd>
        </div>
      )}
    </dl>
  );
}

import type { PreflightSummary } from '../domain/preflight';

const LABEL = { error: 'Blocking', warning: 'Warning', info: 'Note' } as const;

export function PreflightFindings({ summary }: { summary: PreflightSummary }) {
  return (
    <div className="preflight" role="status">
      <p className={summary.ready === false ? 'notice notice-error' : 'notice notice-ok'}>
        <strong>{summary.ready === false ? 'Preflight found problems.' : 'Preflight passed.'}</strong>{' '}
        {summary.findings.length === 0
          ? 'Nothing to report.'
          : `${summary.findings.length} finding${summary.findings.length === 1 ? '' : 's'}:`}
      </p>
      {summary.findings.length > 0 && (
        <ul className="findings">
          {summary.findings.map((f, i) => (
            <li key={i} className={`finding finding-${f.severity}`}>
              <strong>{LABEL[f.severity]}:</strong> {f.message}
              {f.code && <span className="muted small"> ({f.code})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

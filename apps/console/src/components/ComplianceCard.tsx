import { useState } from 'react';
import { api } from '../api/client';
import { readCompliance } from '../domain/compliance';
import { windowLabel, windowRange, type TimeWindow } from '../domain/windows';
import { formatDuration, formatPercent } from '../format/format';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

/** Share of time the application's pairs stayed within its RPO over the chosen window. */
export function ComplianceCard({ applicationId, window }: { applicationId: string; window: TimeWindow }) {
  const report = useLoad(
    (signal) => {
      const { from, to } = windowRange(window);
      return api.complianceReport(applicationId, from, to, signal);
    },
    [applicationId, window],
  );
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const summary = report.data === undefined ? null : readCompliance(report.data, applicationId);

  // The API wants the bearer token, so a plain link cannot fetch the CSV: fetch it and hand it over as a file.
  async function download() {
    setDownloadError(null);
    try {
      const { from, to } = windowRange(window);
      const csv = await api.complianceCsv(applicationId, from, to);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `rpo-compliance_${from.slice(0, 10)}_${to.slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (cause) {
      setDownloadError(cause);
    }
  }

  return (
    <section className="panel compliance" aria-labelledby="compliance-heading">
      <h2 id="compliance-heading">RPO compliance</h2>
      <ErrorNotice
        error={report.error}
        what="Loading the compliance report"
        feature="RPO compliance reporting"
      />
      {report.loading && <Loading what="compliance" />}
      {summary && (
        <>
          <p className="big-number">{summary.share === null ? 'No data' : formatPercent(summary.share)}</p>
          <p className="muted small">
            {summary.share === null
              ? `no lag samples in the ${windowLabel(window)}`
              : `of the ${windowLabel(window)} within RPO`}
            {summary.breaches !== null &&
              ` · ${summary.breaches} breach${summary.breaches === 1 ? '' : 'es'}`}
            {summary.worstLagSeconds !== null && ` · worst lag ${formatDuration(summary.worstLagSeconds)}`}
          </p>
          <button type="button" className="link-button small" onClick={download}>
            Download CSV
          </button>
          <ErrorNotice error={downloadError} what="Downloading the report" />
        </>
      )}
    </section>
  );
}

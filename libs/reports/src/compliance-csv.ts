import type { ComplianceReport } from './compliance-report';

export const CSV_COLUMNS = [
  'row',
  'application_id',
  'application_name',
  'rpo_seconds',
  'pair_id',
  'pair_name',
  'window_from',
  'window_to',
  'covered_seconds',
  'within_seconds',
  'compliance_percent',
  'worst_lag_seconds',
  'breach_count',
  'breach_seconds',
  'state',
  'lag_seconds_at_end',
  'breach_start',
  'breach_end',
  'breach_duration_seconds',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null | undefined>>;

/**
 * The report as one CSV table (RFC 4180, CRLF): an `application` row, then a `pair`
 * row per pair, each followed by its `breach` rows; the application's merged
 * breaches follow its row. Spreadsheets can filter on the `row` column.
 */
export function complianceCsv(report: ComplianceReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  const window = { window_from: report.from, window_to: report.to };
  const push = (row: Row) => lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  for (const app of report.applications) {
    const appCells = { application_id: app.id, application_name: app.name, rpo_seconds: app.rpoSeconds };
    push({
      row: 'application',
      ...appCells,
      ...window,
      covered_seconds: seconds(app.coveredSeconds),
      within_seconds: seconds(app.withinSeconds),
      compliance_percent: percent(app.compliance),
      worst_lag_seconds: seconds(app.worstLagSeconds),
      breach_count: app.breachCount,
      breach_seconds: seconds(app.breachSeconds),
      state: app.currentState,
    });
    for (const b of app.breaches) {
      push({
        row: 'application-breach',
        ...appCells,
        ...window,
        breach_start: b.start,
        breach_end: b.end ?? '',
        breach_duration_seconds: seconds(b.durationSeconds),
      });
    }
    for (const pair of app.pairs) {
      const pairCells = { ...appCells, pair_id: pair.id, pair_name: pair.name };
      push({
        row: 'pair',
        ...pairCells,
        ...window,
        covered_seconds: seconds(pair.coveredSeconds),
        within_seconds: seconds(pair.withinSeconds),
        compliance_percent: percent(pair.compliance),
        worst_lag_seconds: seconds(pair.worstLagSeconds),
        breach_count: pair.breachCount,
        breach_seconds: seconds(pair.breachSeconds),
        state: pair.state,
        lag_seconds_at_end: seconds(pair.lagSecondsAtEnd),
      });
      for (const b of pair.breaches) {
        push({
          row: 'breach',
          ...pairCells,
          ...window,
          breach_start: b.start,
          breach_end: b.end ?? '',
          breach_duration_seconds: seconds(b.durationSeconds),
        });
      }
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * Quotes when needed, and defuses formula injection: a name such as
 * `=HYPERLINK(...)` would otherwise run as a formula in a spreadsheet.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const seconds = (value: number | null) => (value === null ? null : Number(value.toFixed(3)));
const percent = (value: number | null) => (value === null ? null : Number((value * 100).toFixed(3)));

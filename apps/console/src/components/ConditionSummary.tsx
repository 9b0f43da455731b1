import type { OverviewRow } from '../domain/overview';

/** The estate in one sentence: how many applications breach, are near, lack data, are fine. */
export function ConditionSummary({ rows }: { rows: readonly OverviewRow[] }) {
  const measured = rows.filter((r) => r.pairCount > 0);
  const count = (c: string) => measured.filter((r) => r.condition === c).length;
  const breach = count('breach');
  const warning = count('warning');
  const unknown = count('unknown');
  const ok = count('ok');
  const withoutPairs = rows.length - measured.length;
  return (
    <ul className="summary" aria-label="Applications by RPO condition">
      <li className={breach ? 'summary-breach' : ''}>
        <strong>{breach}</strong> breaching RPO
      </li>
      <li className={warning ? 'summary-warning' : ''}>
        <strong>{warning}</strong> near RPO
      </li>
      <li>
        <strong>{unknown}</strong> without lag data
      </li>
      <li className="summary-ok">
        <strong>{ok}</strong> within RPO
      </li>
      {withoutPairs > 0 && (
        <li>
          <strong>{withoutPairs}</strong> without pairs
        </li>
      )}
    </ul>
  );
}

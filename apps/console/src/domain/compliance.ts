/**
 * Reads the share of time within RPO out of an rpo-compliance report:
 * `{ from, to, applications: [{ id, compliance (0..1), worstLagSeconds, breachCount, pairs }] }`.
 * Lenient about the shape (a flat report, per-pair rows, a percent), so that a
 * change on the reports side degrades to "No data" rather than to a wrong number.
 */
export interface ComplianceSummary {
  /** 0..1, null when nothing was covered. */
  share: number | null;
  breaches: number | null;
  worstLagSeconds: number | null;
}

type Loose = Record<string, unknown>;

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function shareOf(o: Loose): number | null {
  const share = num(o.compliance);
  if (share !== null) return share > 1 ? share / 100 : share;
  const percent = num(o.compliancePercent);
  return percent === null ? null : percent / 100;
}

export function readCompliance(report: unknown, applicationId?: string): ComplianceSummary {
  let o = (report && typeof report === 'object' ? report : {}) as Loose;
  if (Array.isArray(o.applications)) {
    const apps = o.applications as Loose[];
    o = apps.find((a) => a.id === applicationId) ?? (apps.length === 1 ? apps[0] : {});
  }
  const rows = (Array.isArray(o.pairs) ? o.pairs : Array.isArray(o.items) ? o.items : []) as Loose[];
  let share = shareOf(o);
  if (share === null && rows.length) {
    // Weighted by covered time when the rows say it, else a plain mean.
    let within = 0;
    let covered = 0;
    for (const row of rows) {
      const c = num(row.coveredSeconds);
      const w = num(row.withinSeconds);
      if (c !== null && w !== null) {
        covered += c;
        within += w;
      }
    }
    if (covered > 0) share = within / covered;
    else {
      const shares = rows.map(shareOf).filter((s): s is number => s !== null);
      share = shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null;
    }
  }
  const breachList = Array.isArray(o.breaches) ? o.breaches.length : null;
  const breaches =
    num(o.breachCount) ??
    breachList ??
    (rows.length
      ? rows.reduce((sum, r) => sum + (Array.isArray(r.breaches) ? r.breaches.length : 0), 0)
      : null);
  const worst =
    num(o.worstLagSeconds) ??
    rows.reduce<number | null>((m, r) => {
      const w = num(r.worstLagSeconds);
      return w === null ? m : m === null ? w : Math.max(m, w);
    }, null);
  return { share, breaches, worstLagSeconds: worst };
}

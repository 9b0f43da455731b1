import { ago, formatTable, seconds } from './output';

/** What the CLI reads of `GET /sites/{id}/readiness`. */
export interface ReadinessLike {
  siteName: string;
  checkedAt: string;
  plansInFlight: number;
  summary: {
    applications: number;
    wouldComeBack: number;
    ready: number;
    atRisk: number;
    notProtected: number;
    estimatedRto: { rtoSeconds: number | null; reason?: string };
    dataLossSeconds: number | null;
    dataLossUnknown: number;
    siteFindings: Array<{ severity: string; message: string; planName?: string }>;
    siteBlocked: boolean;
  };
  applications: Array<{
    name: string;
    tier: number;
    protection: string;
    verdict: string;
    reasons: string[];
    rpoSeconds: number;
    lag: { currentSeconds: number | null };
    lastDrill: {
      at: string;
      achievedRtoSeconds: number | null;
      rtoSeconds: number;
      cleanupCompleted: boolean;
    } | null;
  }>;
}

/** Unknown said as such: a dash would read as "none". */
const known = (value: number | null | undefined) =>
  value === null || value === undefined ? 'unknown' : seconds(value);

/**
 * Readiness for a person at a terminal: the answer first (how many come back, how fast,
 * how much data lost), then one line per application with its verdict and why.
 */
export function readinessText(r: ReadinessLike, nowMs = Date.now()): string {
  const s = r.summary;
  const rto =
    s.estimatedRto.rtoSeconds !== null
      ? `${known(s.estimatedRto.rtoSeconds)} (from the last drills, ${r.plansInFlight} plans at a time)`
      : `unknown: ${s.estimatedRto.reason ?? 'no drill yet'}`;
  const lines = [
    `If ${r.siteName} were lost now, ${s.wouldComeBack} of ${s.applications} applications would come back.`,
    `  estimated site RTO  ${rto}`,
    `  data lost now       ${known(s.dataLossSeconds)}${s.dataLossUnknown ? ` (${s.dataLossUnknown} with no known lag)` : ''}`,
    `  ready ${s.ready} · at risk ${s.atRisk} · not protected ${s.notProtected}  (checked ${r.checkedAt})`,
  ];
  if (s.siteBlocked) lines.push('  A site failover would be refused now:');
  for (const f of s.siteFindings)
    lines.push(`  ${f.severity}: ${f.planName ? `${f.planName}: ` : ''}${f.message}`);
  const table = formatTable(r.applications, [
    { header: 'APPLICATION', value: (a) => a.name },
    { header: 'TIER', value: (a) => a.tier },
    { header: 'VERDICT', value: (a) => a.verdict },
    { header: 'LAG/RPO', value: (a) => `${known(a.lag.currentSeconds)} / ${seconds(a.rpoSeconds)}` },
    {
      header: 'LAST DRILL',
      value: (a) =>
        a.lastDrill
          ? `${ago(a.lastDrill.at, nowMs)}, RTO ${known(a.lastDrill.achievedRtoSeconds)} / ${seconds(a.lastDrill.rtoSeconds)}${a.lastDrill.cleanupCompleted ? '' : ', cleanup not completed'}`
          : 'never',
    },
    { header: 'WHY', value: (a) => (a.reasons.length ? a.reasons.join('; ') : a.protection) },
  ]);
  return `${lines.join('\n')}\n\n${table}`;
}

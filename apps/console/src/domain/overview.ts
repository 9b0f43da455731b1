import type { Alert, Application, Pair } from '../api/types';
import { conditionSeverity, rpoCondition, worstPair, type RpoCondition } from './rpo';

export interface OverviewRow {
  application: Application;
  pairCount: number;
  /** Pairs that have not reported a lag yet. */
  pairsWithoutLag: number;
  failingPairs: number;
  failedOverPairs: number;
  worstLagSeconds: number | null;
  condition: RpoCondition;
  /** Null when the alerts API is not available. */
  openAlerts: number | null;
}

/** One row per application, most urgent first: breach, warning, no data yet, ok, no pairs; then by tier and name. */
export function overviewRows(
  applications: readonly Application[],
  pairs: Iterable<Pair>,
  openAlerts: readonly Alert[] | null,
): OverviewRow[] {
  const pairsByApp = new Map<string, Pair[]>();
  for (const pair of pairs) {
    const list = pairsByApp.get(pair.applicationId);
    if (list) list.push(pair);
    else pairsByApp.set(pair.applicationId, [pair]);
  }
  const alertsByApp = new Map<string, number>();
  const appOfPair = new Map<string, string>();
  for (const [appId, list] of pairsByApp) for (const pair of list) appOfPair.set(pair.id, appId);
  for (const alert of openAlerts ?? []) {
    const appId = alert.applicationId ?? (alert.pairId ? appOfPair.get(alert.pairId) : undefined);
    if (appId) alertsByApp.set(appId, (alertsByApp.get(appId) ?? 0) + 1);
  }
  const rows = applications.map<OverviewRow>((application) => {
    const list = pairsByApp.get(application.id) ?? [];
    const worst = worstPair(list);
    const worstLagSeconds = worst?.lagSeconds ?? null;
    return {
      application,
      pairCount: list.length,
      pairsWithoutLag: list.filter((p) => p.lagSeconds === null || p.lagSeconds === undefined).length,
      failingPairs: list.filter((p) => p.state === 'failing').length,
      failedOverPairs: list.filter((p) => p.state === 'failed-over').length,
      worstLagSeconds,
      condition: rpoCondition(worstLagSeconds, application.rpoSeconds),
      openAlerts: openAlerts === null ? null : (alertsByApp.get(application.id) ?? 0),
    };
  });
  // No pairs means nothing to measure: those come last, after the applications within RPO.
  const rank = (row: OverviewRow) => (row.pairCount === 0 ? 99 : conditionSeverity(row.condition));
  return rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.application.tier - b.application.tier ||
      a.application.name.localeCompare(b.application.name),
  );
}

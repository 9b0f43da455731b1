import type { Pair } from '../api/types';

export type RpoCondition = 'ok' | 'warning' | 'breach' | 'unknown';

/** Warning above this share of the RPO, as the controller's alerting (libs/core rpo-alerts) uses. */
export const WARNING_RATIO = 0.8;

/** The condition of one lag against an RPO: breach when lag > RPO, warning when lag > 80 % of it. */
export function rpoCondition(lagSeconds: number | null | undefined, rpoSeconds: number): RpoCondition {
  if (lagSeconds === null || lagSeconds === undefined || !Number.isFinite(lagSeconds)) return 'unknown';
  if (lagSeconds > rpoSeconds) return 'breach';
  if (lagSeconds > WARNING_RATIO * rpoSeconds) return 'warning';
  return 'ok';
}

export const CONDITION_LABEL: Record<RpoCondition, string> = {
  ok: 'Within RPO',
  warning: 'Near RPO',
  breach: 'RPO breached',
  unknown: 'No lag data',
};

const SEVERITY: Record<RpoCondition, number> = { breach: 0, warning: 1, unknown: 2, ok: 3 };
export const conditionSeverity = (c: RpoCondition) => SEVERITY[c];

/** The pair with the highest known lag; null when no pair has reported a lag yet. */
export function worstPair(pairs: readonly Pair[]): Pair | null {
  let worst: Pair | null = null;
  for (const pair of pairs) {
    if (pair.lagSeconds === null || pair.lagSeconds === undefined) continue;
    if (!worst || pair.lagSeconds > (worst.lagSeconds ?? -1)) worst = pair;
  }
  return worst;
}

import { Breach, ComplianceResult, mergeBreaches } from '@twinsite/core';

/** Types of the RPO compliance report, and the pure parts of building it. */

export interface BreachView {
  start: string;
  /** Null while the breach was still going on at the end of the window. */
  end: string | null;
  durationSeconds: number;
  startedBeforeWindow: boolean;
}

export interface PairCompliance {
  id: string;
  name: string;
  /** The pair's state and lag now, as the lag monitor last wrote them. */
  state: string;
  lagSeconds: number | null;
  createdAt: string;
  coveredSeconds: number;
  withinSeconds: number;
  /** Share of the covered time within the RPO, 0..1; null when no history covers the window. */
  compliance: number | null;
  worstLagSeconds: number | null;
  unknownSeconds: number;
  staleSeconds: number;
  /** Lag at the end of the window (now, by default) from the history. */
  lagSecondsAtEnd: number | null;
  withinRpoAtEnd: boolean | null;
  breachCount: number;
  breachSeconds: number;
  breaches: BreachView[];
}

export type ApplicationState = 'within-rpo' | 'out-of-rpo' | 'unknown' | 'no-pairs';

export interface ApplicationCompliance {
  id: string;
  name: string;
  tier: number;
  rpoSeconds: number;
  pairCount: number;
  /** From the first covered moment of any of its pairs to the end of the window. */
  coveredSeconds: number;
  /** Covered time in which every pair was within the RPO (what recovering the application needs). */
  withinSeconds: number;
  compliance: number | null;
  worstLagSeconds: number | null;
  /** Periods in which some pair was out of RPO (the pairs' breaches merged). */
  breachCount: number;
  breachSeconds: number;
  breaches: BreachView[];
  /** At the end of the window: every pair within the RPO, some out of it, or some unknown. */
  currentState: ApplicationState;
  pairs: PairCompliance[];
}

export interface ComplianceReport {
  from: string;
  to: string;
  generatedAt: string;
  applications: ApplicationCompliance[];
}

export function toBreachView(breach: Breach): BreachView {
  return {
    start: new Date(breach.startMs).toISOString(),
    end: breach.endMs === null ? null : new Date(breach.endMs).toISOString(),
    durationSeconds: breach.durationSeconds,
    startedBeforeWindow: breach.startedBeforeWindow === true,
  };
}

export function pairCompliance(
  pair: { id: string; name: string; state: string; lagSeconds: number | null; createdAt: Date | string },
  result: ComplianceResult,
  rpoSeconds: number,
): PairCompliance {
  return {
    id: pair.id,
    name: pair.name,
    state: pair.state,
    lagSeconds: pair.lagSeconds,
    createdAt: new Date(pair.createdAt).toISOString(),
    coveredSeconds: result.coveredSeconds,
    withinSeconds: result.withinSeconds,
    compliance: result.compliance,
    worstLagSeconds: result.worstLagSeconds,
    unknownSeconds: result.unknownSeconds,
    staleSeconds: result.staleSeconds,
    lagSecondsAtEnd: result.currentLagSeconds,
    withinRpoAtEnd:
      result.coveredSeconds === 0 || result.currentLagSeconds === null
        ? null
        : result.currentLagSeconds <= rpoSeconds,
    breachCount: result.breaches.length,
    breachSeconds: sum(result.breaches.map((b) => b.durationSeconds)),
    breaches: result.breaches.map(toBreachView),
  };
}

/** An application's figures from its pairs' results. */
export function applicationCompliance(
  application: { id: string; name: string; tier: number; rpoSeconds: number },
  pairs: Array<{ view: PairCompliance; result: ComplianceResult }>,
): ApplicationCompliance {
  // Every pair's covered range ends at the end of the window, so their union is the longest.
  const coveredSeconds = Math.max(0, ...pairs.map((p) => p.result.coveredSeconds));
  const merged = mergeBreaches(pairs.flatMap((p) => p.result.breaches));
  const breachSeconds = sum(merged.map((b) => b.durationSeconds));
  const withinSeconds = Math.max(0, coveredSeconds - breachSeconds);
  const worst = pairs.map((p) => p.result.worstLagSeconds).filter((v): v is number => v !== null);
  return {
    id: application.id,
    name: application.name,
    tier: application.tier,
    rpoSeconds: application.rpoSeconds,
    pairCount: pairs.length,
    coveredSeconds,
    withinSeconds,
    compliance: coveredSeconds > 0 ? withinSeconds / coveredSeconds : null,
    worstLagSeconds: worst.length > 0 ? Math.max(...worst) : null,
    breachCount: merged.length,
    breachSeconds,
    breaches: merged.map(toBreachView),
    currentState: applicationState(pairs.map((p) => p.view.withinRpoAtEnd)),
    pairs: pairs.map((p) => p.view),
  };
}

function applicationState(withinAtEnd: Array<boolean | null>): ApplicationState {
  if (withinAtEnd.length === 0) return 'no-pairs';
  if (withinAtEnd.some((w) => w === false)) return 'out-of-rpo';
  if (withinAtEnd.some((w) => w === null)) return 'unknown';
  return 'within-rpo';
}

function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

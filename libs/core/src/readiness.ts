import { formatDuration } from './durations';
import { listScheduleMakespan } from './plan-schedule';
import { assertFinite, assertNonNegative, assertPositive, EpochMs, MS_PER_SECOND, Seconds } from './time';

/**
 * Readiness: can this application (or this site) be failed over within its
 * objectives today? The verdict is for people, so every "at-risk" carries plain
 * reasons, and anything unknown (lag never measured, never drilled) is a risk,
 * not a pass.
 */
export type ProtectionOption = 'replication' | 'backup-restore' | 'high-availability' | 'none';

export type Verdict = 'ready' | 'at-risk' | 'not-protected';

export interface LastDrill {
  at: EpochMs;
  /** Null when the drill never reached a healthy state. */
  achievedRtoSeconds: Seconds | null;
  cleanupCompleted: boolean;
}

export interface ApplicationVerdictInput {
  protection: ProtectionOption;
  optIn: boolean;
  hasPlan: boolean;
  /** Current lag of the application (its worst pair); null when unknown. */
  currentLagSeconds: Seconds | null;
  rpoSeconds: Seconds;
  lastDrill: LastDrill | null;
  rtoSeconds: Seconds;
  preflightErrors: string[];
  preflightWarnings: string[];
  /** With `maxDrillAgeSeconds`: a drill older than that is a risk. */
  nowMs?: EpochMs;
  maxDrillAgeSeconds?: Seconds;
}

export interface ApplicationVerdict {
  verdict: Verdict;
  /** Why it is not ready; empty when ready. */
  reasons: string[];
  /** Preflight warnings: shown, but they do not make the application at risk. */
  warnings: string[];
}

export function applicationVerdict(input: ApplicationVerdictInput): ApplicationVerdict {
  assertPositive(input.rpoSeconds, 'rpoSeconds');
  assertPositive(input.rtoSeconds, 'rtoSeconds');
  const warnings = [...input.preflightWarnings];

  const unprotected: string[] = [];
  if (input.protection !== 'replication') {
    unprotected.push(`protection is ${input.protection}, not replication`);
  }
  if (!input.optIn) {
    unprotected.push('not opted in');
  }
  if (!input.hasPlan) {
    unprotected.push('no recovery plan');
  }
  if (unprotected.length > 0) {
    return { verdict: 'not-protected', reasons: unprotected, warnings };
  }

  const reasons = [
    ...lagReasons(input),
    ...drillReasons(input),
    ...input.preflightErrors.map((e) => `preflight: ${e}`),
  ];
  return { verdict: reasons.length === 0 ? 'ready' : 'at-risk', reasons, warnings };
}

function lagReasons({ currentLagSeconds, rpoSeconds }: ApplicationVerdictInput): string[] {
  if (currentLagSeconds === null) {
    return ['lag unknown'];
  }
  assertNonNegative(currentLagSeconds, 'currentLagSeconds');
  // Rounded up: a lag of 300.2 s over a 300 s RPO must not read "300 s exceeds 300 s".
  return currentLagSeconds > rpoSeconds
    ? [`lag ${Math.ceil(currentLagSeconds)} s exceeds RPO ${rpoSeconds} s`]
    : [];
}

function drillReasons({
  lastDrill,
  rtoSeconds,
  nowMs,
  maxDrillAgeSeconds,
}: ApplicationVerdictInput): string[] {
  if (lastDrill === null) {
    return ['never drilled'];
  }
  const reasons: string[] = [];
  if (lastDrill.achievedRtoSeconds === null) {
    reasons.push('last drill did not reach a healthy state');
  } else if (lastDrill.achievedRtoSeconds > rtoSeconds) {
    reasons.push(`last drill RTO ${Math.ceil(lastDrill.achievedRtoSeconds)} s exceeds RTO ${rtoSeconds} s`);
  }
  if (!lastDrill.cleanupCompleted) {
    reasons.push('last drill cleanup incomplete');
  }
  if (nowMs !== undefined && maxDrillAgeSeconds !== undefined) {
    assertFinite(nowMs, 'nowMs');
    assertPositive(maxDrillAgeSeconds, 'maxDrillAgeSeconds');
    const ageSeconds = (nowMs - lastDrill.at) / MS_PER_SECOND;
    if (ageSeconds > maxDrillAgeSeconds) {
      reasons.push(
        `last drill ${formatDuration(ageSeconds, { maxUnits: 1 })} ago, older than ${formatDuration(maxDrillAgeSeconds, { maxUnits: 2 })}`,
      );
    }
  }
  return reasons;
}

export interface DrilledPlan {
  lastAchievedRtoSeconds: Seconds | null;
  /** Used to name plans that were never drilled. */
  name?: string;
}

export interface SiteRtoEstimate {
  /** Null when any plan was never drilled: an estimate without it would be fiction. */
  rtoSeconds: Seconds | null;
  neverDrilledCount: number;
  /** Names of the never-drilled plans that have a name. */
  neverDrilled: string[];
  reason?: string;
}

/**
 * Estimated RTO of failing over a whole site: the plans' last achieved RTOs,
 * scheduled in the given tier order with at most `plansInFlight` at once (the
 * same list-scheduling rule as `siteFailoverLowerBoundMs`).
 */
export function estimateSiteRtoSeconds(
  plansInTierOrder: readonly DrilledPlan[],
  plansInFlight: number,
): SiteRtoEstimate {
  const neverDrilledPlans = plansInTierOrder.filter((plan) => plan.lastAchievedRtoSeconds === null);
  const neverDrilled = neverDrilledPlans.flatMap((plan) => (plan.name === undefined ? [] : [plan.name]));
  if (neverDrilledPlans.length > 0) {
    return {
      rtoSeconds: null,
      neverDrilledCount: neverDrilledPlans.length,
      neverDrilled,
      reason: `${neverDrilledPlans.length} of ${plansInTierOrder.length} plans never drilled`,
    };
  }
  const durations = plansInTierOrder.map((plan, i) => {
    const rto = plan.lastAchievedRtoSeconds as number;
    assertNonNegative(rto, `plansInTierOrder[${i}].lastAchievedRtoSeconds`);
    return rto;
  });
  return {
    rtoSeconds: listScheduleMakespan(durations, plansInFlight),
    neverDrilledCount: 0,
    neverDrilled: [],
  };
}

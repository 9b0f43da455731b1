import { assertFinite, assertNonNegative, assertPositive, Seconds } from './time';

/**
 * When RPO alerts open and resolve.
 *
 * A lag that hovers around a threshold (sampled every few seconds, with jitter)
 * would open and resolve an alert on every sample and page someone each time. So
 * conditions open when lag goes above a threshold but clear only once lag falls
 * below the threshold minus a margin (`hysteresisRatio · RPO`).
 */
export type RpoCondition = 'ok' | 'warning' | 'breach';

export type AlertKind = 'rpo-warning' | 'rpo-breach' | 'lag-source-failing' | 'site-unreachable';

/** In a stable order, so transition lists are deterministic. */
export const ALERT_KINDS: readonly AlertKind[] = [
  'rpo-warning',
  'rpo-breach',
  'lag-source-failing',
  'site-unreachable',
];

export interface EvaluateRpoConditionInput {
  /** Null when the lag was never observed. */
  lagSeconds: Seconds | null;
  rpoSeconds: Seconds;
  /** The lag source's latest read failed (the lag is extrapolated). */
  failing: boolean;
  previous: RpoCondition;
  /** Warning opens above this share of the RPO. Default 0.8. */
  warningRatio?: number;
  /** Clearing margin as a share of the RPO. Default 0.1. */
  hysteresisRatio?: number;
}

const RANK: Record<RpoCondition, number> = { ok: 0, warning: 1, breach: 2 };

/**
 * The RPO condition after one lag reading.
 *
 * - Warning opens when lag > warningRatio·RPO, breach when lag > RPO (strictly:
 *   a lag exactly at the RPO meets it).
 * - An open condition clears only when lag < its threshold − hysteresisRatio·RPO.
 * - Unknown lag (null) changes nothing: it neither opens an RPO alert (the
 *   separate lag-source-failing alert covers it) nor clears one (not knowing is
 *   not evidence of recovery).
 * - While the source is failing the lag is extrapolated, not observed, so it may
 *   raise the condition but never lower it.
 */
export function evaluateRpoCondition(input: EvaluateRpoConditionInput): RpoCondition {
  const { lagSeconds, rpoSeconds, failing, previous } = input;
  const warningRatio = input.warningRatio ?? 0.8;
  const hysteresisRatio = input.hysteresisRatio ?? 0.1;
  assertPositive(rpoSeconds, 'rpoSeconds');
  assertPositive(warningRatio, 'warningRatio');
  assertNonNegative(hysteresisRatio, 'hysteresisRatio');
  if (warningRatio > 1) {
    throw new RangeError(`warningRatio must be at most 1, got ${warningRatio}`);
  }
  // Otherwise a warning could never clear: its clearing point would be <= 0.
  if (hysteresisRatio >= warningRatio) {
    throw new RangeError(
      `hysteresisRatio (${hysteresisRatio}) must be less than warningRatio (${warningRatio})`,
    );
  }
  if (!(previous in RANK)) {
    throw new RangeError(`unknown previous condition ${JSON.stringify(previous)}`);
  }
  if (lagSeconds === null) {
    return previous;
  }
  assertFinite(lagSeconds, 'lagSeconds');
  const margin = hysteresisRatio * rpoSeconds;
  const isOpen = (threshold: number, wasOpen: boolean) =>
    wasOpen ? !(lagSeconds < threshold - margin) : lagSeconds > threshold;

  const breach = isOpen(rpoSeconds, previous === 'breach');
  const warning = isOpen(warningRatio * rpoSeconds, previous !== 'ok');
  const next: RpoCondition = breach ? 'breach' : warning ? 'warning' : 'ok';
  if (failing && RANK[next] < RANK[previous]) {
    return previous;
  }
  return next;
}

/** Everything that decides which alerts are open for a pair. */
export interface AlertConditions {
  rpo: RpoCondition;
  sourceFailing?: boolean;
  siteUnreachable?: boolean;
}

/**
 * Alerts that are open under a condition. A breach keeps the warning open too:
 * the warning means "lag above the warning threshold", which is still true, and
 * resolving it would tell people things improved when they got worse.
 */
export function activeAlertKinds(condition: RpoCondition | AlertConditions): AlertKind[] {
  const c: AlertConditions = typeof condition === 'string' ? { rpo: condition } : condition;
  const active = new Set<AlertKind>();
  if (c.rpo === 'warning' || c.rpo === 'breach') {
    active.add('rpo-warning');
  }
  if (c.rpo === 'breach') {
    active.add('rpo-breach');
  }
  if (c.sourceFailing) {
    active.add('lag-source-failing');
  }
  if (c.siteUnreachable) {
    active.add('site-unreachable');
  }
  return ALERT_KINDS.filter((kind) => active.has(kind));
}

export interface AlertTransitions {
  open: AlertKind[];
  resolve: AlertKind[];
}

/**
 * Which alerts to open and which to resolve when the condition changes. Accepts
 * a bare RPO condition or the full set of conditions.
 */
export function alertTransitions(
  previousCondition: RpoCondition | AlertConditions,
  nextCondition: RpoCondition | AlertConditions,
): AlertTransitions {
  const before = new Set(activeAlertKinds(previousCondition));
  const after = new Set(activeAlertKinds(nextCondition));
  return {
    open: ALERT_KINDS.filter((kind) => after.has(kind) && !before.has(kind)),
    resolve: ALERT_KINDS.filter((kind) => before.has(kind) && !after.has(kind)),
  };
}

/**
 * Whether to hold the lag-source-failing alert open. One failed read is usually
 * a blip (a timeout, a restart); `threshold` reads in a row are a problem.
 */
export function evaluateSourceFailing(consecutiveFailures: number, threshold = 2): boolean {
  if (!Number.isInteger(consecutiveFailures) || consecutiveFailures < 0) {
    throw new RangeError(`consecutiveFailures must be a non-negative integer, got ${consecutiveFailures}`);
  }
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`threshold must be a positive integer, got ${threshold}`);
  }
  return consecutiveFailures >= threshold;
}

import { Breach } from './breaches';
import { assertFinite, assertNonNegative, assertPositive, EpochMs, MS_PER_SECOND, Seconds } from './time';

// Part of the compliance API: callers merge breaches and downsample history
// alongside computing compliance.
export * from './breaches';
export * from './downsample';

/**
 * RPO compliance: the share of time a pair's lag stayed within its RPO.
 *
 * The honest rule between two samples at t1 and t2: the sample at t1 says the
 * newest recovery point was rp1 = t1 − lag1. We do not know when a newer point
 * arrived, so we assume the worst — at t2 — and the lag at t in [t1, t2) is
 * t − rp1: it grows at wall-clock rate until the next observation. The same rule
 * covers a gap in sampling while the controller was down: lag grows through it,
 * so downtime can never make a pair look compliant.
 *
 * A sample with unknown lag (the source was failing and had never been observed)
 * counts as out of RPO until the next sample.
 */
export interface LagSample {
  atMs: EpochMs;
  lagSeconds: Seconds | null;
  /** The lag was extrapolated from an older observation (the source was failing). */
  stale?: boolean;
}

export interface TimeRange {
  startMs: EpochMs;
  endMs: EpochMs;
}

export interface ComplianceInput {
  /**
   * Sorted by `atMs`. Include the last sample before `fromMs`: without it the
   * start of the window is not covered.
   */
  samples: readonly LagSample[];
  rpoSeconds: Seconds;
  /** The window [fromMs, toMs). */
  fromMs: EpochMs;
  toMs: EpochMs;
  /** A pair created mid-window only counts from its creation. */
  createdAtMs: EpochMs;
  /** Coverage never extends past now (a window ending in the future). Default: toMs. */
  nowMs?: EpochMs;
  /**
   * Periods the controller was down. They do not change the result (the rule
   * above already covers them); their covered length is reported as `gapSeconds`.
   */
  gaps?: readonly TimeRange[];
}

export interface ComplianceResult {
  /** Time in the window for which we have a sample to reason from. */
  coveredSeconds: Seconds;
  withinSeconds: Seconds;
  /** withinSeconds / coveredSeconds in 0..1; null when nothing was covered. */
  compliance: number | null;
  /** Highest lag reached in the covered range (known lags only); null when none. */
  worstLagSeconds: Seconds | null;
  breaches: Breach[];
  /** Lag at the end of the covered range; null when unknown or nothing covered. */
  currentLagSeconds: Seconds | null;
  /** Covered time whose lag was unknown (counted as out of RPO). */
  unknownSeconds: Seconds;
  /** Covered time whose lag came from stale (extrapolated) samples. */
  staleSeconds: Seconds;
  /** Covered time that falls in the given controller-down gaps. */
  gapSeconds: Seconds;
}

export function computeCompliance(input: ComplianceInput): ComplianceResult {
  const { samples, rpoSeconds, fromMs, toMs, createdAtMs } = input;
  validateInput(input);
  const rpoMs = rpoSeconds * MS_PER_SECOND;
  const start = Math.max(fromMs, createdAtMs);
  const end = Math.min(toMs, input.nowMs ?? toMs);

  let coverStart: number | null = null;
  let withinMs = 0;
  let unknownMs = 0;
  let staleMs = 0;
  let worstLagMs: number | null = null;
  const breaches: Breach[] = [];

  const addBreach = (from: number, to: number, beforeWindow: boolean) => {
    const last = breaches[breaches.length - 1];
    // Out of RPO across a sample boundary is one breach, not two.
    if (last !== undefined && last.endMs === from) {
      last.endMs = to;
      return;
    }
    const breach: Breach = { startMs: from, endMs: to, durationSeconds: 0 };
    if (beforeWindow) {
      breach.startedBeforeWindow = true;
    }
    breaches.push(breach);
  };

  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i];
    const a = Math.max(sample.atMs, start);
    const b = Math.min(i + 1 < samples.length ? samples[i + 1].atMs : Infinity, end);
    if (b <= a) {
      continue;
    }
    coverStart ??= a;
    // The segment began before the covered range, so a breach at its start is older.
    const inheritedFromBefore = sample.atMs < start && a === start;
    if (sample.stale) {
      staleMs += b - a;
    }
    if (sample.lagSeconds === null) {
      unknownMs += b - a;
      addBreach(a, b, inheritedFromBefore);
      continue;
    }
    const recoveryPoint = sample.atMs - sample.lagSeconds * MS_PER_SECOND;
    const lastWithin = recoveryPoint + rpoMs; // lag(t) <= RPO  ⇔  t <= lastWithin
    const withinEnd = Math.min(Math.max(lastWithin, a), b);
    withinMs += withinEnd - a;
    if (withinEnd < b) {
      addBreach(withinEnd, b, inheritedFromBefore && withinEnd === a);
    }
    // Lag grows through the segment, so its highest value is at the end.
    worstLagMs = Math.max(worstLagMs ?? 0, b - recoveryPoint);
  }

  if (coverStart === null) {
    return emptyResult();
  }
  const coveredMs = end - coverStart;
  const currentLagSeconds = lagAt(samples, end);
  for (const breach of breaches) {
    const breachEnd = breach.endMs as number;
    breach.durationSeconds = (breachEnd - breach.startMs) / MS_PER_SECOND;
    // Reaching the end with the lag still out of RPO means it has not ended.
    if (breachEnd === end && (currentLagSeconds === null || currentLagSeconds > rpoSeconds)) {
      breach.endMs = null;
    }
  }
  return {
    coveredSeconds: coveredMs / MS_PER_SECOND,
    withinSeconds: withinMs / MS_PER_SECOND,
    compliance: withinMs / coveredMs,
    worstLagSeconds: worstLagMs === null ? null : worstLagMs / MS_PER_SECOND,
    breaches,
    currentLagSeconds,
    unknownSeconds: unknownMs / MS_PER_SECOND,
    staleSeconds: staleMs / MS_PER_SECOND,
    gapSeconds: overlapMs(input.gaps ?? [], coverStart, end) / MS_PER_SECOND,
  };
}

/** Lag at instant t from the newest sample at or before t; null if none or unknown. */
function lagAt(samples: readonly LagSample[], t: number): Seconds | null {
  for (let i = samples.length - 1; i >= 0; i--) {
    const sample = samples[i];
    if (sample.atMs <= t) {
      return sample.lagSeconds === null ? null : sample.lagSeconds + (t - sample.atMs) / MS_PER_SECOND;
    }
  }
  return null;
}

function overlapMs(gaps: readonly TimeRange[], from: number, to: number): number {
  const clipped = gaps
    .map((g) => ({ startMs: Math.max(g.startMs, from), endMs: Math.min(g.endMs, to) }))
    .filter((g) => g.endMs > g.startMs)
    .sort((x, y) => x.startMs - y.startMs);
  let total = 0;
  let reached = -Infinity;
  for (const gap of clipped) {
    // Overlapping gaps are counted once.
    const s = Math.max(gap.startMs, reached);
    if (gap.endMs > s) {
      total += gap.endMs - s;
    }
    reached = Math.max(reached, gap.endMs);
  }
  return total;
}

function emptyResult(): ComplianceResult {
  return {
    coveredSeconds: 0,
    withinSeconds: 0,
    compliance: null,
    worstLagSeconds: null,
    breaches: [],
    currentLagSeconds: null,
    unknownSeconds: 0,
    staleSeconds: 0,
    gapSeconds: 0,
  };
}

function validateInput(input: ComplianceInput): void {
  assertPositive(input.rpoSeconds, 'rpoSeconds');
  assertFinite(input.fromMs, 'fromMs');
  assertFinite(input.toMs, 'toMs');
  assertFinite(input.createdAtMs, 'createdAtMs');
  if (input.nowMs !== undefined) {
    assertFinite(input.nowMs, 'nowMs');
  }
  if (input.fromMs > input.toMs) {
    throw new RangeError(`window starts after it ends (fromMs ${input.fromMs} > toMs ${input.toMs})`);
  }
  let previous = -Infinity;
  input.samples.forEach((sample, i) => {
    assertFinite(sample.atMs, `samples[${i}].atMs`);
    if (sample.atMs < previous) {
      throw new RangeError(
        `samples must be sorted by atMs (samples[${i}] is earlier than samples[${i - 1}])`,
      );
    }
    previous = sample.atMs;
    if (sample.lagSeconds !== null) {
      assertNonNegative(sample.lagSeconds, `samples[${i}].lagSeconds`);
    }
  });
  (input.gaps ?? []).forEach((gap, i) => {
    assertFinite(gap.startMs, `gaps[${i}].startMs`);
    assertFinite(gap.endMs, `gaps[${i}].endMs`);
    if (gap.endMs < gap.startMs) {
      throw new RangeError(`gaps[${i}] ends before it starts`);
    }
  });
}

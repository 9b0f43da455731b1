import { assertFinite, assertNonNegative, assertPositive, EpochMs, MS_PER_SECOND, Seconds } from './time';

/**
 * Lag arithmetic.
 *
 * Lag is now minus the newest recovery point present at the target. Two rules
 * shape everything here:
 * - an unknown state is never reported as 0 lag (0 would read as "perfectly
 *   protected" exactly when we know least);
 * - while the source, the site or the link is down, lag keeps growing at wall-clock
 *   rate from the last thing we knew, because no newer recovery point can have
 *   been proven to arrive.
 * Lags are exact (fractional) seconds; rounding is for display.
 */

export interface LagMeasurement {
  lagSeconds: Seconds;
  /** The recovery point claimed to be in the future, so the lag was clamped to 0. */
  clockSkew: boolean;
  /** How far in the future the recovery point was (0 without skew). */
  clockSkewSeconds: Seconds;
}

/**
 * Lag from a recovery point time, with the clock-skew flag. A recovery point "in
 * the future" can only come from clocks that disagree (an agent's clock ahead of
 * the controller's): it is clamped to 0 lag and flagged so the reading can say why.
 */
export function measureLagFromRecoveryPoint(nowMs: EpochMs, recoveryPointMs: EpochMs): LagMeasurement {
  assertFinite(nowMs, 'nowMs');
  assertFinite(recoveryPointMs, 'recoveryPointMs');
  const lagMs = nowMs - recoveryPointMs;
  if (lagMs < 0) {
    return { lagSeconds: 0, clockSkew: true, clockSkewSeconds: -lagMs / MS_PER_SECOND };
  }
  return { lagSeconds: lagMs / MS_PER_SECOND, clockSkew: false, clockSkewSeconds: 0 };
}

/** Lag in seconds (>= 0) at `nowMs` for a recovery point at `recoveryPointMs`. */
export function lagFromRecoveryPoint(nowMs: EpochMs, recoveryPointMs: EpochMs): Seconds {
  return measureLagFromRecoveryPoint(nowMs, recoveryPointMs).lagSeconds;
}

export interface HeartbeatLagInput {
  /** Newest heartbeat row on the primary (its `written_at`, primary's clock). */
  primaryNewestHeartbeatMs: EpochMs;
  /** Newest heartbeat row replayed on the replica (the same column, so also primary's clock). */
  replicaNewestHeartbeatMs: EpochMs;
  /** How often the primary writes a heartbeat. */
  heartbeatIntervalMs: number;
  /**
   * Optional: the primary's own `now()`, read in the same query. When given, a
   * heartbeat writer that stopped is detected (see `writerStalled`).
   */
  primaryNowMs?: EpochMs;
}

export interface HeartbeatLagMeasurement {
  lagSeconds: Seconds;
  /** The lag is only known to within one heartbeat interval. */
  resolutionSeconds: Seconds;
  /** The primary's newest heartbeat is more than two intervals old by the primary's clock. */
  writerStalled: boolean;
}

/**
 * One-clock heartbeat lag: both timestamps were written by the primary's clock,
 * so clock skew between primary, replica and controller cancels out, and an idle
 * primary is not "lagging" because heartbeats keep flowing.
 *
 * Read the replica before the primary: then a heartbeat written between the two
 * reads makes the lag look larger, never smaller. If they were read the other way
 * round the replica can look ahead; that is clamped to 0.
 *
 * When `primaryNowMs` shows the heartbeat writer stopped, heartbeats no longer
 * prove anything about fresh data, so the lag is measured against the primary's
 * now instead (still one clock) and keeps growing — never a false 0.
 */
export function measureHeartbeatLag(input: HeartbeatLagInput): HeartbeatLagMeasurement {
  const { primaryNewestHeartbeatMs, replicaNewestHeartbeatMs, heartbeatIntervalMs, primaryNowMs } = input;
  assertFinite(primaryNewestHeartbeatMs, 'primaryNewestHeartbeatMs');
  assertFinite(replicaNewestHeartbeatMs, 'replicaNewestHeartbeatMs');
  assertPositive(heartbeatIntervalMs, 'heartbeatIntervalMs');
  if (primaryNowMs !== undefined) {
    assertFinite(primaryNowMs, 'primaryNowMs');
  }
  const writerStalled =
    primaryNowMs !== undefined && primaryNowMs - primaryNewestHeartbeatMs > 2 * heartbeatIntervalMs;
  const reference = writerStalled ? (primaryNowMs as number) : primaryNewestHeartbeatMs;
  return {
    lagSeconds: Math.max(0, reference - replicaNewestHeartbeatMs) / MS_PER_SECOND,
    resolutionSeconds: heartbeatIntervalMs / MS_PER_SECOND,
    writerStalled,
  };
}

/** Heartbeat lag in seconds; see `measureHeartbeatLag`. */
export function heartbeatLag(input: HeartbeatLagInput): Seconds {
  return measureHeartbeatLag(input).lagSeconds;
}

export interface StaleLagInput {
  nowMs: EpochMs;
  /** When the source was last read successfully. */
  lastGoodObservationMs: EpochMs;
  /** The lag that successful read gave. */
  lagAtLastObservationSeconds: Seconds;
}

/**
 * Lag while the source cannot be read: what we last knew plus the time since,
 * i.e. it grows at wall-clock rate. A clock that stepped backwards does not shrink
 * it below the last known lag.
 */
export function staleLag(input: StaleLagInput): { lagSeconds: Seconds; stale: true } {
  const { nowMs, lastGoodObservationMs, lagAtLastObservationSeconds } = input;
  assertFinite(nowMs, 'nowMs');
  assertFinite(lastGoodObservationMs, 'lastGoodObservationMs');
  assertNonNegative(lagAtLastObservationSeconds, 'lagAtLastObservationSeconds');
  const elapsedSeconds = Math.max(0, nowMs - lastGoodObservationMs) / MS_PER_SECOND;
  return { lagSeconds: lagAtLastObservationSeconds + elapsedSeconds, stale: true };
}

/** A pair's lag as the controller knows it at one moment. */
export interface LagReading {
  /** Null only when the source has never been read successfully. */
  lagSeconds: number | null;
  /** Newest recovery point at the target, in the controller's clock. */
  recoveryPointAt: EpochMs | null;
  /** The lag is extrapolated from an older observation, not freshly measured. */
  stale: boolean;
  /** The latest attempt to read the source failed. */
  failing: boolean;
  reason?: string;
  /** Failed reads in a row (0 after a success); feeds `evaluateSourceFailing`. */
  consecutiveFailures?: number;
  /** When the source was last read successfully (carried through failures). */
  observedAt?: EpochMs | null;
  /** The instant `lagSeconds` refers to (the `nowMs` of this reading). */
  lagAt?: EpochMs | null;
}

/**
 * What one read of a lag source gave. A source knows either a recovery point time
 * (agent checkpoint, ARM snapshot) or a lag (database heartbeat); give whichever
 * it has. `measuredAtMs` defaults to the `nowMs` of `resolveLagReading`.
 */
export type LagSourceResult =
  | { ok: true; recoveryPointAt: EpochMs; measuredAtMs?: EpochMs }
  | { ok: true; lagSeconds: Seconds; measuredAtMs?: EpochMs }
  | { ok: false; error: string };

export interface ResolveLagReadingInput {
  nowMs: EpochMs;
  result: LagSourceResult;
  /** The reading before this one; null for a pair never sampled. */
  previous: LagReading | null;
}

/**
 * Combines one source result with the previous reading.
 *
 * - Success: lag from the recovery point (a lag-only result is turned into a
 *   recovery point, `measuredAt − lag`, so later extrapolation has a fixed point).
 * - Failure after some success: lag keeps growing from the last known recovery
 *   point; `stale` and `failing` are set.
 * - Failure with nothing ever observed: lag is null with `failing`, never 0.
 */
export function resolveLagReading(input: ResolveLagReadingInput): LagReading {
  const { nowMs, result, previous } = input;
  assertFinite(nowMs, 'nowMs');
  if (result.ok) {
    return successfulReading(nowMs, result);
  }
  const consecutiveFailures = previousFailures(previous) + 1;
  const lagSeconds = previous === null ? null : extrapolatedLag(nowMs, previous);
  return {
    lagSeconds,
    recoveryPointAt: previous?.recoveryPointAt ?? null,
    stale: lagSeconds !== null,
    failing: true,
    reason: result.error,
    consecutiveFailures,
    observedAt: previous?.observedAt ?? null,
    lagAt: lagSeconds === null ? null : nowMs,
  };
}

/**
 * Lag of a failing source: it grows from what we last knew. Both the recovery
 * point (`now − recoveryPoint`) and the previous reading (`its lag + time since
 * it`) give it; they agree unless the recovery point was clamped for clock skew, where
 * only the second keeps growing, so the larger is taken.
 */
function extrapolatedLag(nowMs: EpochMs, previous: LagReading): Seconds | null {
  const candidates: Seconds[] = [];
  if (previous.recoveryPointAt !== null) {
    candidates.push(lagFromRecoveryPoint(nowMs, previous.recoveryPointAt));
  }
  if (previous.lagSeconds !== null && previous.lagAt != null) {
    candidates.push(
      staleLag({
        nowMs,
        lastGoodObservationMs: previous.lagAt,
        lagAtLastObservationSeconds: previous.lagSeconds,
      }).lagSeconds,
    );
  }
  return candidates.length === 0 ? null : Math.max(...candidates);
}

function successfulReading(nowMs: EpochMs, result: Extract<LagSourceResult, { ok: true }>): LagReading {
  const measuredAt = result.measuredAtMs ?? nowMs;
  assertFinite(measuredAt, 'measuredAtMs');
  let recoveryPointAt: EpochMs;
  if ('recoveryPointAt' in result) {
    recoveryPointAt = result.recoveryPointAt;
    assertFinite(recoveryPointAt, 'recoveryPointAt');
  } else {
    assertNonNegative(result.lagSeconds, 'lagSeconds');
    recoveryPointAt = measuredAt - result.lagSeconds * MS_PER_SECOND;
  }
  const measurement = measureLagFromRecoveryPoint(nowMs, recoveryPointAt);
  const reading: LagReading = {
    lagSeconds: measurement.lagSeconds,
    recoveryPointAt,
    stale: false,
    failing: false,
    consecutiveFailures: 0,
    observedAt: nowMs,
    lagAt: nowMs,
  };
  if (measurement.clockSkew) {
    reading.reason = `recovery point is ${Math.ceil(measurement.clockSkewSeconds)} s in the future (clock skew); lag shown as 0`;
  }
  return reading;
}

function previousFailures(previous: LagReading | null): number {
  if (previous === null) {
    return 0;
  }
  return previous.consecutiveFailures ?? (previous.failing ? 1 : 0);
}

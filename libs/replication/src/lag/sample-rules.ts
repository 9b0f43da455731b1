import type { LagReading, LagSourceResult, RpoCondition } from '@twinsite/core';
import type { PairState } from '../pair.entity';
import type { LagSourceReading } from './lag-source.port';

/** A pair's lag as the `pairs` row keeps it between samples (times in epoch ms). */
export interface StoredLag {
  state: PairState;
  lagSeconds: number | null;
  recoveryPointMs: number | null;
  stale: boolean;
  lastSampledMs: number | null;
  failures: number;
  observedMs: number | null;
}

/** The reading `resolveLagReading` continues from; null for a pair nothing is known of. */
export function previousReading(stored: StoredLag): LagReading | null {
  if (stored.lastSampledMs === null && stored.recoveryPointMs === null && stored.lagSeconds === null)
    return null;
  return {
    lagSeconds: stored.lagSeconds,
    recoveryPointAt: stored.recoveryPointMs,
    stale: stored.stale,
    failing: stored.state === 'failing',
    consecutiveFailures: stored.failures,
    observedAt: stored.observedMs,
    lagAt: stored.lastSampledMs,
  };
}

/** The port's reading as core's source result (diagnostics stay with the sampler). */
export function toSourceResult(reading: LagSourceReading): LagSourceResult {
  if (!reading.ok) return { ok: false, error: reading.error };
  if ('recoveryPointAt' in reading) return { ok: true, recoveryPointAt: reading.recoveryPointAt };
  return { ok: true, lagSeconds: reading.lagSeconds, measuredAtMs: reading.measuredAtMs };
}

/**
 * The pair's state after a reading: `failing` while its source cannot be read,
 * `initial` while nothing was ever observed, `lagging` while out of its RPO (the
 * breach condition, hysteresis included), `protected` otherwise.
 */
export function pairStateAfter(reading: LagReading, condition: RpoCondition): PairState {
  if (reading.failing) return 'failing';
  if (reading.lagSeconds === null) return 'initial';
  return condition === 'breach' ? 'lagging' : 'protected';
}

const RANK: Record<RpoCondition, number> = { ok: 0, warning: 1, breach: 2 };

/** The condition may fall but not rise (used where a higher lag may be our own doing). */
export function holdCondition(next: RpoCondition, previous: RpoCondition): RpoCondition {
  return RANK[next] > RANK[previous] ? previous : next;
}

/** Pairs in these states are not watched: their samples would describe a replication that is not running. */
export const UNSAMPLED_STATES: readonly PairState[] = ['failed-over', 'paused'];

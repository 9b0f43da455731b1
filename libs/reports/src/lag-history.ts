import type { EpochMs, LagSample } from '@twinsite/core';

/**
 * Lag history as the lag sampler stores it: raw samples while they are retained,
 * rollups (per minute, then per hour) for older time. Compliance is computed by
 * core from samples, so rollups are replayed as samples here.
 */
export type RollupResolution = 'minute' | 'hour';

export const RESOLUTION_MS: Record<RollupResolution, number> = { minute: 60_000, hour: 3_600_000 };

export interface RawLagRow {
  atMs: EpochMs;
  lagSeconds: number | null;
  stale: boolean;
}

export interface RollupRow {
  bucketStartMs: EpochMs;
  /** Highest lag sampled in the bucket; null when every sample was unknown. */
  maxLag: number | null;
  /** Raw samples the bucket summarises. */
  samples: number;
}

export interface PairLagHistory {
  /** Sorted; may start with the last sample before the window. */
  raw: RawLagRow[];
  /** Sorted minute buckets (only where raw samples are no longer kept). */
  minute: RollupRow[];
  /** Sorted hour buckets (only where minute buckets are no longer kept). */
  hour: RollupRow[];
}

export interface ReplayOptions {
  /**
   * Replayed samples are never closer than this. Between two samples core lets the
   * lag grow at wall-clock rate, so the spacing bounds how much a replay can add to
   * the lag; a few percent of the RPO keeps that error small and the work bounded.
   */
  minSpacingMs?: number;
}

/**
 * A bucket as samples: as many as it summarised (evenly spread; fewer when
 * `minSpacingMs` says so), each at the bucket's maximum lag, none at or after
 * `untilMs`. Every replayed sample carries the worst value the bucket saw, so a
 * replayed period can look worse than its raw samples did, never better; and a
 * bucket that summarised few samples (the sampler was down for part of it) is
 * replayed sparsely, so its lag grows through the gap as the raw samples' would.
 */
export function replayBucket(
  bucket: RollupRow,
  bucketMs: number,
  untilMs: EpochMs,
  options: ReplayOptions = {},
): LagSample[] {
  const samples = Math.max(1, Math.floor(bucket.samples));
  const spacing = Math.max(bucketMs / samples, options.minSpacingMs ?? 0);
  const count = Math.max(1, Math.floor(bucketMs / spacing));
  const out: LagSample[] = [];
  for (let i = 0; i < count; i++) {
    const atMs = bucket.bucketStartMs + Math.round((i * bucketMs) / count);
    if (atMs >= untilMs) break;
    out.push({ atMs, lagSeconds: bucket.maxLag });
  }
  return out;
}

/**
 * One sorted sample list from the three tiers: raw samples wherever they exist,
 * minute buckets before the first raw sample, hour buckets before the first minute
 * bucket used.
 */
export function historyToSamples(history: PairLagHistory, options: ReplayOptions = {}): LagSample[] {
  const rawStart = history.raw.length > 0 ? history.raw[0].atMs : Infinity;
  const minute = history.minute.filter((b) => b.bucketStartMs < rawStart);
  const minuteStart = minute.length > 0 ? minute[0].bucketStartMs : rawStart;
  const hour = history.hour.filter((b) => b.bucketStartMs < minuteStart);
  const out: LagSample[] = [];
  for (const bucket of hour) out.push(...replayBucket(bucket, RESOLUTION_MS.hour, minuteStart, options));
  for (const bucket of minute) out.push(...replayBucket(bucket, RESOLUTION_MS.minute, rawStart, options));
  for (const row of history.raw)
    out.push(
      row.stale
        ? { atMs: row.atMs, lagSeconds: row.lagSeconds, stale: true }
        : { atMs: row.atMs, lagSeconds: row.lagSeconds },
    );
  // Tiers do not overlap, but a rollup bucket may hold a sample time equal to the next one's: keep order stable.
  return out.sort((a, b) => a.atMs - b.atMs);
}

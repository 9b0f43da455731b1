/**
 * Which stored tier answers `GET /pairs/{id}/lag` for a window, and how wide its
 * points are: at most ~500 points whatever the window.
 *
 * - `raw`: the samples themselves, when the window is within raw retention and holds
 *   few enough of them;
 * - `minute`: minute rollups (and the newest raw samples, not rolled up yet), merged
 *   into buckets of `bucketSeconds`;
 * - `hour`: hour rollups (and what is newer, from minutes and raw samples) likewise.
 */
export type LagTier = 'raw' | 'minute' | 'hour';

export const MAX_LAG_POINTS = 500;

/** Bucket widths a chart reads well (seconds). */
export const BUCKET_SECONDS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

export interface LagResolutionInput {
  fromMs: number;
  toMs: number;
  nowMs: number;
  /** The pair's sample interval: how dense raw samples are. */
  sampleIntervalSeconds: number;
  rawRetentionMs: number;
  minuteRetentionMs: number;
  maxPoints?: number;
}

export interface LagResolution {
  tier: LagTier;
  /** Null for raw samples (one point per sample). */
  bucketSeconds: number | null;
}

export function chooseLagResolution(input: LagResolutionInput): LagResolution {
  const { fromMs, toMs, nowMs, sampleIntervalSeconds, rawRetentionMs, minuteRetentionMs } = input;
  const maxPoints = input.maxPoints ?? MAX_LAG_POINTS;
  if (!(toMs > fromMs)) throw new RangeError('the window must end after it starts');
  const spanSeconds = (toMs - fromMs) / 1000;
  const rawKept = fromMs >= nowMs - rawRetentionMs;
  if (rawKept && spanSeconds / sampleIntervalSeconds <= maxPoints)
    return { tier: 'raw', bucketSeconds: null };
  const wanted = spanSeconds / maxPoints;
  const bucketSeconds = BUCKET_SECONDS.find((b) => b >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
  const minutesKept = fromMs >= nowMs - minuteRetentionMs;
  return {
    tier: bucketSeconds < 3600 && minutesKept ? 'minute' : 'hour',
    bucketSeconds: Math.max(bucketSeconds, bucketSeconds < 3600 && minutesKept ? 60 : 3600),
  };
}

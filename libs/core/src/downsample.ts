import { assertPositive, EpochMs, Seconds } from './time';

export interface DownsampleInput {
  atMs: EpochMs;
  lagSeconds: Seconds | null;
  stale?: boolean;
}

export interface LagBucket {
  /** Start of the bucket: a multiple of the bucket size since the epoch. */
  atMs: EpochMs;
  /** Highest known lag: what charts and compliance must preserve (a spike must not average away). */
  maxLag: Seconds | null;
  minLag: Seconds | null;
  avgLag: Seconds | null;
  /** All samples in the bucket, unknown ones included. */
  count: number;
  /** Samples whose lag was unknown; they are not in max/min/avg but must not be forgotten. */
  unknownCount: number;
  /** Some sample in the bucket was stale. */
  stale: boolean;
}

/**
 * Reduces samples to one row per time bucket for charts and long-range history.
 * Buckets are aligned to the epoch (not to the first sample) so that the same
 * bucket has the same boundaries whatever range is queried. Empty buckets are
 * left out; a chart shows them as gaps. Input need not be sorted; output is.
 */
export function downsample(samples: readonly DownsampleInput[], bucketMs: number): LagBucket[] {
  assertPositive(bucketMs, 'bucketMs');
  const buckets = new Map<number, { known: number[]; count: number; stale: boolean }>();
  for (const sample of samples) {
    const key = Math.floor(sample.atMs / bucketMs) * bucketMs;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { known: [], count: 0, stale: false };
      buckets.set(key, bucket);
    }
    bucket.count++;
    bucket.stale = bucket.stale || sample.stale === true;
    if (sample.lagSeconds !== null) {
      bucket.known.push(sample.lagSeconds);
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([atMs, bucket]) => {
      const { known } = bucket;
      const hasKnown = known.length > 0;
      return {
        atMs,
        maxLag: hasKnown ? Math.max(...known) : null,
        minLag: hasKnown ? Math.min(...known) : null,
        avgLag: hasKnown ? known.reduce((sum, lag) => sum + lag, 0) / known.length : null,
        count: bucket.count,
        unknownCount: bucket.count - known.length,
        stale: bucket.stale,
      };
    });
}

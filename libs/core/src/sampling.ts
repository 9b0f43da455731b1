import { assertFinite, assertPositive, EpochMs, MS_PER_SECOND, Seconds } from './time';

/**
 * When to sample each pair's lag.
 *
 * Four samples per RPO keep a breach visible within a quarter of the RPO; the
 * floor of 5 s protects the lag sources (ARM, databases) from polling storms, the
 * ceiling of 60 s keeps the chart and the compliance report honest for long RPOs.
 */
export const MIN_SAMPLE_INTERVAL_SECONDS = 5;
export const MAX_SAMPLE_INTERVAL_SECONDS = 60;

export function defaultSampleIntervalSeconds(rpoSeconds: Seconds): Seconds {
  assertPositive(rpoSeconds, 'rpoSeconds');
  const quarter = Math.round(rpoSeconds / 4);
  return Math.min(MAX_SAMPLE_INTERVAL_SECONDS, Math.max(MIN_SAMPLE_INTERVAL_SECONDS, quarter));
}

/**
 * A stable offset in [0, interval) for a pair, so that 10,000 pairs with the same
 * interval are spread across it instead of all firing at the top of the minute.
 * Stable across restarts (a hash of the id, not a random number) so a pair's
 * samples stay evenly spaced when the controller restarts.
 */
export function sampleOffsetMs(pairId: string, intervalSeconds: Seconds): number {
  assertPositive(intervalSeconds, 'intervalSeconds');
  const intervalMs = Math.round(intervalSeconds * MS_PER_SECOND);
  if (intervalMs < 1) {
    throw new RangeError(`intervalSeconds must be at least 1 ms, got ${intervalSeconds}`);
  }
  return hashString(pairId) % intervalMs;
}

/**
 * 32-bit FNV-1a over UTF-16 code units, finished with murmur3's avalanche step:
 * FNV alone maps ids that differ only in their last characters ("pair-1",
 * "pair-2") to nearby values, which would cluster sequential ids.
 */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * The next time a pair is due: the first instant on its phase grid
 * (`t ≡ offset mod interval`) that is strictly after the previous due time and
 * not before now.
 *
 * - Never in the past, and never the same slot twice.
 * - Keeps the phase: a late tick does not shift the pair onto another pair's slot.
 * - Skips missed slots instead of catching up: after the controller was down,
 *   firing every missed sample at once would be a storm and prove nothing (lag
 *   over the gap is already accounted for by the compliance rule).
 * `previousDueMs` is null for a pair that was never scheduled.
 */
export function nextDueAt(
  previousDueMs: EpochMs | null,
  nowMs: EpochMs,
  intervalSeconds: Seconds,
  offsetMs: number,
): EpochMs {
  assertFinite(nowMs, 'nowMs');
  assertPositive(intervalSeconds, 'intervalSeconds');
  assertFinite(offsetMs, 'offsetMs');
  if (previousDueMs !== null) {
    assertFinite(previousDueMs, 'previousDueMs');
  }
  const intervalMs = intervalSeconds * MS_PER_SECOND;
  const alignUp = (t: number): number => t + mod(offsetMs - t, intervalMs);
  let next = alignUp(nowMs);
  if (previousDueMs !== null && next <= previousDueMs) {
    next = alignUp(previousDueMs);
    if (next <= previousDueMs) {
      next += intervalMs;
    }
  }
  return next;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

import { chooseLagResolution } from './lag-resolution';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const H = 3_600_000;
const input = (spanMs: number, overrides: Record<string, number> = {}) => ({
  fromMs: NOW - spanMs,
  toMs: NOW,
  nowMs: NOW,
  sampleIntervalSeconds: 15,
  rawRetentionMs: 48 * H,
  minuteRetentionMs: 7 * 24 * H,
  ...overrides,
});

describe('chooseLagResolution', () => {
  it('raw samples when the window holds at most ~500 of them and they are still kept', () => {
    expect(chooseLagResolution(input(H))).toEqual({ tier: 'raw', bucketSeconds: null });
    expect(chooseLagResolution(input(2 * H))).toEqual({ tier: 'raw', bucketSeconds: null }); // 480 samples
  });

  it('minute rollups in buckets that keep the points under 500', () => {
    expect(chooseLagResolution(input(24 * H))).toEqual({ tier: 'minute', bucketSeconds: 300 });
    expect(chooseLagResolution(input(3 * H))).toEqual({ tier: 'minute', bucketSeconds: 60 });
    // A short window older than raw retention.
    expect(chooseLagResolution(input(H, { fromMs: NOW - 72 * H, toMs: NOW - 71 * H }))).toEqual({
      tier: 'minute',
      bucketSeconds: 60,
    });
  });

  it('hour rollups for long windows, or older than the minute rollups', () => {
    expect(chooseLagResolution(input(30 * 24 * H))).toEqual({ tier: 'hour', bucketSeconds: 7200 });
    expect(
      chooseLagResolution(input(2 * H, { fromMs: NOW - 30 * 24 * H, toMs: NOW - 30 * 24 * H + 2 * H })),
    ).toEqual({ tier: 'hour', bucketSeconds: 3600 });
    const year = chooseLagResolution(input(365 * 24 * H));
    expect(year.tier).toBe('hour');
    expect((365 * 24 * 3600) / year.bucketSeconds!).toBeLessThanOrEqual(500);
  });

  it('refuses an empty or reversed window', () => {
    expect(() => chooseLagResolution(input(0))).toThrow(RangeError);
  });
});

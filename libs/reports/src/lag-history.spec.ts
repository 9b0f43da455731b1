import { computeCompliance } from '@twinsite/core';
import { historyToSamples, replayBucket } from './lag-history';

const T0 = Date.UTC(2025, 5, 1);
const min = (n: number) => T0 + n * 60_000;

describe('replayBucket', () => {
  it('spreads as many samples as the bucket summarised, each at its max lag', () => {
    expect(replayBucket({ bucketStartMs: T0, maxLag: 42, samples: 4 }, 60_000, Infinity)).toEqual([
      { atMs: T0, lagSeconds: 42 },
      { atMs: T0 + 15_000, lagSeconds: 42 },
      { atMs: T0 + 30_000, lagSeconds: 42 },
      { atMs: T0 + 45_000, lagSeconds: 42 },
    ]);
  });

  it('honours a minimum spacing and the end of its tier', () => {
    const hour = { bucketStartMs: T0, maxLag: 10, samples: 120 };
    expect(replayBucket(hour, 3_600_000, Infinity, { minSpacingMs: 600_000 })).toHaveLength(6);
    expect(
      replayBucket(hour, 3_600_000, T0 + 1_200_000, { minSpacingMs: 600_000 }).map((s) => s.atMs),
    ).toEqual([T0, T0 + 600_000]);
  });

  it('keeps an unknown lag unknown, and replays an empty bucket as one sample', () => {
    expect(replayBucket({ bucketStartMs: T0, maxLag: null, samples: 0 }, 60_000, Infinity)).toEqual([
      { atMs: T0, lagSeconds: null },
    ]);
  });
});

describe('historyToSamples', () => {
  it('uses raw samples where they exist, minutes before them, hours before the minutes', () => {
    const samples = historyToSamples({
      hour: [
        { bucketStartMs: T0, maxLag: 5, samples: 1 },
        { bucketStartMs: T0 + 3_600_000, maxLag: 6, samples: 1 }, // overlaps the minutes: dropped
      ],
      minute: [
        { bucketStartMs: min(60), maxLag: 7, samples: 1 },
        { bucketStartMs: min(61), maxLag: 8, samples: 2 },
        { bucketStartMs: min(62), maxLag: 9, samples: 1 }, // overlaps the raw samples: dropped
      ],
      raw: [
        { atMs: min(61) + 40_000, lagSeconds: 1, stale: false },
        { atMs: min(62) + 10_000, lagSeconds: null, stale: true },
      ],
    });
    expect(samples).toEqual([
      { atMs: T0, lagSeconds: 5 },
      { atMs: min(60), lagSeconds: 7 },
      { atMs: min(61), lagSeconds: 8 },
      { atMs: min(61) + 30_000, lagSeconds: 8 },
      { atMs: min(61) + 40_000, lagSeconds: 1 },
      { atMs: min(62) + 10_000, lagSeconds: null, stale: true },
    ]);
  });

  it('gives the same compliance as raw samples for a steady lag well within the RPO', () => {
    // 30 s sampling, lag 20 s, RPO 300 s: one hour as raw samples and as minute rollups.
    const raw = Array.from({ length: 120 }, (_, i) => ({
      atMs: T0 + i * 30_000,
      lagSeconds: 20,
      stale: false,
    }));
    const minute = Array.from({ length: 60 }, (_, i) => ({ bucketStartMs: min(i), maxLag: 20, samples: 2 }));
    const window = { rpoSeconds: 300, fromMs: T0, toMs: min(60), createdAtMs: T0 - 1 };
    const fromRaw = computeCompliance({
      ...window,
      samples: historyToSamples({ raw, minute: [], hour: [] }),
    });
    const fromRollups = computeCompliance({
      ...window,
      samples: historyToSamples({ raw: [], minute, hour: [] }),
    });
    expect(fromRollups.compliance).toBe(1);
    expect(fromRollups.compliance).toBe(fromRaw.compliance);
    expect(fromRollups.worstLagSeconds).toBe(fromRaw.worstLagSeconds);
  });

  it('never makes a rollup period look better than its worst sample', () => {
    // The lag spiked to 400 s once in the bucket: the whole replayed bucket is out of a 300 s RPO.
    const minute = [{ bucketStartMs: T0, maxLag: 400, samples: 6 }];
    const result = computeCompliance({
      samples: historyToSamples({ raw: [], minute, hour: [] }),
      rpoSeconds: 300,
      fromMs: T0,
      toMs: T0 + 60_000,
      createdAtMs: T0 - 1,
    });
    expect(result.compliance).toBe(0);
    expect(result.worstLagSeconds).toBe(410);
  });
});

import { downsample } from './downsample';

const MINUTE = 60_000;

describe('downsample', () => {
  it('returns nothing for no samples', () => {
    expect(downsample([], MINUTE)).toEqual([]);
  });

  it('computes max, min, avg and count per bucket', () => {
    const samples = [
      { atMs: 0, lagSeconds: 10 },
      { atMs: 10_000, lagSeconds: 400 },
      { atMs: 20_000, lagSeconds: 40 },
    ];
    expect(downsample(samples, MINUTE)).toEqual([
      { atMs: 0, maxLag: 400, minLag: 10, avgLag: 150, count: 3, unknownCount: 0, stale: false },
    ]);
  });

  it('keeps a single spike as the bucket max, so charts and compliance cannot lose it', () => {
    const samples = Array.from({ length: 60 }, (_, i) => ({
      atMs: i * 1000,
      lagSeconds: i === 30 ? 900 : 5,
    }));
    const [bucket] = downsample(samples, MINUTE);
    expect(bucket.maxLag).toBe(900);
    expect(bucket.avgLag).toBeCloseTo((59 * 5 + 900) / 60, 12);
  });

  it('aligns buckets to the epoch and splits at the boundary', () => {
    const samples = [
      { atMs: MINUTE * 100 + 59_999, lagSeconds: 1 },
      { atMs: MINUTE * 101, lagSeconds: 2 },
    ];
    expect(downsample(samples, MINUTE).map((x) => [x.atMs, x.maxLag])).toEqual([
      [MINUTE * 100, 1],
      [MINUTE * 101, 2],
    ]);
  });

  it('leaves empty buckets out', () => {
    const samples = [
      { atMs: 0, lagSeconds: 1 },
      { atMs: 5 * MINUTE, lagSeconds: 2 },
    ];
    expect(downsample(samples, MINUTE).map((x) => x.atMs)).toEqual([0, 5 * MINUTE]);
  });

  it('sorts unsorted input', () => {
    const samples = [
      { atMs: 3 * MINUTE, lagSeconds: 3 },
      { atMs: 0, lagSeconds: 1 },
    ];
    expect(downsample(samples, MINUTE).map((x) => x.atMs)).toEqual([0, 3 * MINUTE]);
  });

  it('counts unknown lags without letting them into the statistics', () => {
    const samples = [
      { atMs: 0, lagSeconds: null },
      { atMs: 1000, lagSeconds: 20 },
    ];
    expect(downsample(samples, MINUTE)).toEqual([
      { atMs: 0, maxLag: 20, minLag: 20, avgLag: 20, count: 2, unknownCount: 1, stale: false },
    ]);
  });

  it('reports null statistics for a bucket of only unknown lags', () => {
    expect(downsample([{ atMs: 0, lagSeconds: null }], MINUTE)).toEqual([
      { atMs: 0, maxLag: null, minLag: null, avgLag: null, count: 1, unknownCount: 1, stale: false },
    ]);
  });

  it('marks a bucket stale when any sample in it was stale', () => {
    const samples = [
      { atMs: 0, lagSeconds: 1 },
      { atMs: 1000, lagSeconds: 2, stale: true },
      { atMs: MINUTE, lagSeconds: 3, stale: false },
    ];
    expect(downsample(samples, MINUTE).map((x) => x.stale)).toEqual([true, false]);
  });

  it('puts samples before the epoch in the bucket that contains them', () => {
    expect(downsample([{ atMs: -1, lagSeconds: 1 }], MINUTE)[0].atMs).toBe(-MINUTE);
  });

  it('rejects a non-positive bucket size', () => {
    expect(() => downsample([], 0)).toThrow(/bucketMs/);
    expect(() => downsample([], -MINUTE)).toThrow(RangeError);
  });
});

import {
  defaultSampleIntervalSeconds,
  hashString,
  MAX_SAMPLE_INTERVAL_SECONDS,
  MIN_SAMPLE_INTERVAL_SECONDS,
  nextDueAt,
  sampleOffsetMs,
} from './sampling';

describe('defaultSampleIntervalSeconds', () => {
  it.each([
    [1, 5],
    [19, 5],
    [20, 5],
    [21, 5],
    [22, 6],
    [60, 15],
    [120, 30],
    [240, 60],
    [241, 60],
    [300, 60],
    [86400, 60],
    [30, 8],
    [34, 9],
  ])('RPO %p s samples every %p s', (rpo, interval) => {
    expect(defaultSampleIntervalSeconds(rpo)).toBe(interval);
  });

  it('uses the documented bounds', () => {
    expect(MIN_SAMPLE_INTERVAL_SECONDS).toBe(5);
    expect(MAX_SAMPLE_INTERVAL_SECONDS).toBe(60);
  });

  it.each([0, -60, NaN, Infinity])('rejects RPO %p', (rpo) => {
    expect(() => defaultSampleIntervalSeconds(rpo)).toThrow(RangeError);
  });
});

describe('sampleOffsetMs', () => {
  it('is deterministic for the same id and interval', () => {
    expect(sampleOffsetMs('pair-42', 60)).toBe(sampleOffsetMs('pair-42', 60));
  });

  it('differs between ids', () => {
    expect(sampleOffsetMs('pair-1', 60)).not.toBe(sampleOffsetMs('pair-2', 60));
  });

  it('stays within [0, interval) for many ids and intervals', () => {
    for (const interval of [1, 5, 15, 60, 0.5]) {
      for (let i = 0; i < 2000; i++) {
        const offset = sampleOffsetMs(`p${i}`, interval);
        expect(Number.isInteger(offset)).toBe(true);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(interval * 1000);
      }
    }
  });

  const perSecondCounts = (ids: string[], intervalSeconds: number): number[] => {
    const counts = new Array<number>(intervalSeconds).fill(0);
    for (const id of ids) {
      counts[Math.floor(sampleOffsetMs(id, intervalSeconds) / 1000)]++;
    }
    return counts;
  };

  it('spreads 10,000 sequential ids over a 60 s interval', () => {
    const ids = Array.from({ length: 10000 }, (_, i) => `pair-${i}`);
    const counts = perSecondCounts(ids, 60);
    // Uniform would be ~167 per second; no second may carry a burst.
    expect(Math.min(...counts)).toBeGreaterThan(110);
    expect(Math.max(...counts)).toBeLessThan(230);
  });

  it('spreads 10,000 UUID-like ids over a 5 s interval', () => {
    let seed = 12345;
    const nextHex = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed.toString(16).padStart(8, '0');
    };
    const ids = Array.from({ length: 10000 }, () => {
      const h = nextHex() + nextHex() + nextHex() + nextHex();
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    });
    const counts = perSecondCounts(ids, 5);
    expect(Math.min(...counts)).toBeGreaterThan(1800);
    expect(Math.max(...counts)).toBeLessThan(2200);
  });

  it('rejects a non-positive or sub-millisecond interval', () => {
    expect(() => sampleOffsetMs('p', 0)).toThrow(RangeError);
    expect(() => sampleOffsetMs('p', -5)).toThrow(RangeError);
    expect(() => sampleOffsetMs('p', 0.0001)).toThrow(/at least 1 ms/);
  });
});

describe('hashString', () => {
  it('is an unsigned 32-bit integer', () => {
    for (const value of ['', 'a', 'pair-1', 'ü', 'x'.repeat(1000)]) {
      const hash = hashString(value);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
    }
  });

  it('is stable across releases (pinned values)', () => {
    // Changing the hash would move every pair's sampling phase after an upgrade.
    expect(hashString('')).toBe(2872998923);
    expect(hashString('a')).toBe(444641715);
    expect(hashString('pair-1')).toBe(1214722458);
    expect(hashString('11111111-2222-3333-4444-555555555555')).toBe(156645478);
  });

  it('depends on every character, including the first', () => {
    expect(hashString('apair')).not.toBe(hashString('bpair'));
    expect(hashString('pair-10')).not.toBe(hashString('pair-01'));
  });
});

describe('nextDueAt', () => {
  const I = 60; // seconds
  const IMS = I * 1000;
  const OFFSET = 7000;
  const BASE = 1_700_000_000_000 - (1_700_000_000_000 % IMS); // a multiple of the interval

  it('schedules a never-scheduled pair at its first phase slot at or after now', () => {
    expect(nextDueAt(null, BASE + 1000, I, OFFSET)).toBe(BASE + OFFSET);
    expect(nextDueAt(null, BASE + OFFSET, I, OFFSET)).toBe(BASE + OFFSET);
    expect(nextDueAt(null, BASE + OFFSET + 1, I, OFFSET)).toBe(BASE + IMS + OFFSET);
  });

  it('moves one interval on from a slot that just fired on time', () => {
    const due = BASE + OFFSET;
    expect(nextDueAt(due, due, I, OFFSET)).toBe(due + IMS);
    expect(nextDueAt(due, due + 250, I, OFFSET)).toBe(due + IMS);
  });

  it('never returns the same slot twice, even if the clock has not moved', () => {
    const due = BASE + OFFSET;
    const next = nextDueAt(due, due - 5000, I, OFFSET);
    expect(next).toBe(due + IMS);
  });

  it('skips missed slots after a long pause, keeping the phase', () => {
    const due = BASE + OFFSET;
    const now = due + 10 * IMS + 12_345;
    const next = nextDueAt(due, now, I, OFFSET);
    expect(next).toBe(due + 11 * IMS);
    expect(next).toBeGreaterThanOrEqual(now);
    expect((next - OFFSET) % IMS).toBe(0);
  });

  it('returns now when now is exactly on a slot after the previous one', () => {
    const due = BASE + OFFSET;
    expect(nextDueAt(due, due + 3 * IMS, I, OFFSET)).toBe(due + 3 * IMS);
  });

  it('re-phases a previous due time that was off the grid (interval or offset changed)', () => {
    const offGrid = BASE + 30_000;
    expect(nextDueAt(offGrid, BASE + 30_000, I, OFFSET)).toBe(BASE + IMS + OFFSET);
  });

  it('treats a negative or oversized offset as the same phase', () => {
    expect(nextDueAt(null, BASE + 1000, I, OFFSET - IMS)).toBe(BASE + OFFSET);
    expect(nextDueAt(null, BASE + 1000, I, OFFSET + 3 * IMS)).toBe(BASE + OFFSET);
  });

  it('keeps every result on the phase grid and never in the past (property check)', () => {
    let previous: number | null = null;
    let now = BASE;
    for (let i = 0; i < 500; i++) {
      now += (i * 7919) % (3 * IMS); // irregular ticks, sometimes late, sometimes early
      const next: number = nextDueAt(previous, now, I, OFFSET);
      expect(next).toBeGreaterThanOrEqual(now);
      if (previous !== null) {
        expect(next).toBeGreaterThan(previous);
      }
      expect((((next - OFFSET) % IMS) + IMS) % IMS).toBe(0);
      previous = next;
    }
  });

  it('works with fractional-second intervals', () => {
    expect(nextDueAt(null, 1001, 0.5, 0)).toBe(1500);
  });

  it('rejects invalid arguments', () => {
    expect(() => nextDueAt(null, NaN, I, 0)).toThrow(/nowMs/);
    expect(() => nextDueAt(null, BASE, 0, 0)).toThrow(/intervalSeconds/);
    expect(() => nextDueAt(null, BASE, I, NaN)).toThrow(/offsetMs/);
    expect(() => nextDueAt(NaN, BASE, I, 0)).toThrow(/previousDueMs/);
  });
});

import { Breach, mergeBreaches } from './breaches';

const b = (startS: number, endS: number | null, durationSeconds?: number): Breach => ({
  startMs: startS * 1000,
  endMs: endS === null ? null : endS * 1000,
  durationSeconds: durationSeconds ?? (endS === null ? 0 : endS - startS),
});

describe('mergeBreaches', () => {
  it('returns an empty list for no breaches', () => {
    expect(mergeBreaches([])).toEqual([]);
  });

  it('sorts separate breaches by start and leaves them apart', () => {
    expect(mergeBreaches([b(300, 400), b(0, 100)])).toEqual([b(0, 100), b(300, 400)]);
  });

  it('merges overlapping breaches and recomputes the duration', () => {
    expect(mergeBreaches([b(0, 100), b(50, 150)])).toEqual([b(0, 150)]);
  });

  it('merges touching breaches', () => {
    expect(mergeBreaches([b(100, 200), b(0, 100)])).toEqual([b(0, 200)]);
  });

  it('absorbs a breach contained in another', () => {
    expect(mergeBreaches([b(0, 500), b(100, 200)])).toEqual([b(0, 500)]);
  });

  it('merges breaches separated by less than the tolerance, but not more', () => {
    expect(mergeBreaches([b(0, 100), b(130, 200)], 30_000)).toEqual([b(0, 200)]);
    expect(mergeBreaches([b(0, 100), b(130, 200)], 29_999)).toEqual([b(0, 100), b(130, 200)]);
  });

  it('keeps an ongoing breach ongoing when it ends last', () => {
    expect(mergeBreaches([b(0, null, 100), b(50, 80)])).toEqual([
      { startMs: 0, endMs: null, durationSeconds: 100 },
    ]);
  });

  it('makes the merge ongoing when an ongoing breach extends it', () => {
    expect(mergeBreaches([b(0, 60), b(30, null, 90)])).toEqual([
      { startMs: 0, endMs: null, durationSeconds: 120 },
    ]);
  });

  it('closes the merge when a closed breach ends after an ongoing one', () => {
    expect(mergeBreaches([b(0, null, 10), b(5, 50)])).toEqual([b(0, 50)]);
  });

  it('is ongoing when an ongoing and a closed breach end together', () => {
    expect(mergeBreaches([b(0, 50), b(10, null, 40)])).toEqual([
      { startMs: 0, endMs: null, durationSeconds: 50 },
    ]);
  });

  it('keeps the started-before-window mark of any merged member', () => {
    expect(mergeBreaches([{ ...b(0, 100), startedBeforeWindow: true }, b(50, 150)])).toEqual([
      { ...b(0, 150), startedBeforeWindow: true },
    ]);
  });

  it('does not modify its input', () => {
    const input = [b(0, 100), b(50, 150)];
    const copy = JSON.parse(JSON.stringify(input));
    mergeBreaches(input);
    expect(input).toEqual(copy);
  });

  it('rejects a negative tolerance', () => {
    expect(() => mergeBreaches([], -1)).toThrow(/toleranceMs/);
  });
});

import { formatDuration, InvalidDuration, parseDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['7d', 604800],
    ['12h', 43200],
    ['30m', 1800],
    ['45s', 45],
    ['2w', 1209600],
    ['1h30m', 5400],
    ['1d 2h', 93600],
    ['1h 1m 1s', 3661],
    ['5 m', 300],
    ['1.5h', 5400],
    ['0s', 0],
    ['  10M  ', 600],
    ['300', 300],
    ['2.5', 2.5],
    ['0', 0],
  ])('short form %p is %p seconds', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it.each([
    ['PT5M', 300],
    ['PT45S', 45],
    ['PT12H', 43200],
    ['P7D', 604800],
    ['P1DT2H3M4S', 93784],
    ['PT0.5S', 0.5],
    ['P2W', 1209600],
    ['pt5m', 300],
    ['PT1H30M', 5400],
  ])('ISO 8601 form %p is %p seconds', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it.each([
    [''],
    ['   '],
    ['5x'],
    ['-5m'],
    ['5 minutes'],
    ['1h30'],
    ['m'],
    ['30s 1h'],
    ['1m1m'],
    ['5ms'],
    ['P'],
    ['PT'],
    ['P1DT'],
    ['P1Y'],
    ['P1M'],
    ['PT5M3H'],
    ['.5s'],
    ['5..5s'],
    ['1e3'],
  ])('rejects %p with InvalidDuration', (input) => {
    expect(() => parseDuration(input)).toThrow(InvalidDuration);
  });

  it('names the input in the error message', () => {
    expect(() => parseDuration('soon')).toThrow('invalid duration "soon"');
  });

  it('explains why years and months are refused', () => {
    expect(() => parseDuration('P1Y')).toThrow(/years and months are not allowed/);
  });

  it('rejects non-string input instead of coercing it', () => {
    expect(() => parseDuration(300 as unknown as string)).toThrow(InvalidDuration);
  });

  it('is a RangeError so generic handlers treat it as bad input', () => {
    expect(() => parseDuration('x')).toThrow(RangeError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [59, '59s'],
    [60, '1m'],
    [61, '1m 1s'],
    [312, '5m 12s'],
    [3600, '1h'],
    [3661, '1h 1m 1s'],
    [86400, '1d'],
    [90061, '1d 1h 1m 1s'],
    [604800, '7d'],
    [3601, '1h 1s'],
  ])('%p seconds is %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('rounds fractional seconds to the nearest second', () => {
    expect(formatDuration(0.4)).toBe('0s');
    expect(formatDuration(0.5)).toBe('1s');
    expect(formatDuration(59.6)).toBe('1m');
  });

  it('shows a minus sign for negative durations', () => {
    expect(formatDuration(-312)).toBe('-5m 12s');
  });

  it('does not show a negative zero', () => {
    expect(formatDuration(-0.2)).toBe('0s');
  });

  it('limits the number of units, truncating the rest', () => {
    expect(formatDuration(90061, { maxUnits: 2 })).toBe('1d 1h');
    expect(formatDuration(3599, { maxUnits: 1 })).toBe('59m');
    expect(formatDuration(45, { maxUnits: 1 })).toBe('45s');
  });

  it('rejects a non-positive or fractional maxUnits', () => {
    expect(() => formatDuration(5, { maxUnits: 0 })).toThrow(RangeError);
    expect(() => formatDuration(5, { maxUnits: 1.5 })).toThrow(RangeError);
  });

  it.each([NaN, Infinity, -Infinity])('rejects %p', (value) => {
    expect(() => formatDuration(value)).toThrow(RangeError);
  });

  it('round-trips with parseDuration for whole seconds', () => {
    for (const seconds of [0, 1, 59, 61, 312, 3600, 3661, 90061, 1209600]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });
});

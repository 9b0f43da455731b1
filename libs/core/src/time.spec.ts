import { assertFinite, assertNonNegative, assertPositive, MS_PER_SECOND } from './time';

describe('time guards', () => {
  it('has 1000 ms per second', () => {
    expect(MS_PER_SECOND).toBe(1000);
  });

  it.each([NaN, Infinity, -Infinity, '5' as unknown as number, undefined as unknown as number])(
    'assertFinite rejects %p and names the argument',
    (value) => {
      expect(() => assertFinite(value, 'nowMs')).toThrow(/nowMs must be a finite number/);
    },
  );

  it('assertFinite accepts negative, zero and positive numbers', () => {
    expect(() => assertFinite(-1, 'x')).not.toThrow();
    expect(() => assertFinite(0, 'x')).not.toThrow();
    expect(() => assertFinite(1.5, 'x')).not.toThrow();
  });

  it('assertPositive rejects zero and negatives but accepts the smallest positive', () => {
    expect(() => assertPositive(0, 'rpoSeconds')).toThrow('rpoSeconds must be greater than 0, got 0');
    expect(() => assertPositive(-3, 'rpoSeconds')).toThrow(RangeError);
    expect(() => assertPositive(Number.MIN_VALUE, 'rpoSeconds')).not.toThrow();
  });

  it('assertNonNegative accepts zero and rejects negatives and NaN', () => {
    expect(() => assertNonNegative(0, 'lag')).not.toThrow();
    expect(() => assertNonNegative(-0.001, 'lag')).toThrow('lag must not be negative, got -0.001');
    expect(() => assertNonNegative(NaN, 'lag')).toThrow(/finite/);
  });
});

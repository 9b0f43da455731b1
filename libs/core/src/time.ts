/**
 * Instants are epoch milliseconds in the core: arithmetic on numbers is exact and
 * cheap, and a `Date` can always be made at the edge (`new Date(ms)`). The alias
 * exists so signatures say which numbers are instants.
 */
export type EpochMs = number;

/** A duration in seconds; the unit the HTTP API speaks (`rpoSeconds`, `lagSeconds`). */
export type Seconds = number;

export const MS_PER_SECOND = 1000;

/** Throws unless `value` is a finite number; the core never computes with NaN or Infinity. */
export function assertFinite(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number greater than zero. */
export function assertPositive(value: number, name: string): void {
  assertFinite(value, name);
  if (value <= 0) {
    throw new RangeError(`${name} must be greater than 0, got ${value}`);
  }
}

/** Throws unless `value` is a finite number of zero or more. */
export function assertNonNegative(value: number, name: string): void {
  assertFinite(value, name);
  if (value < 0) {
    throw new RangeError(`${name} must not be negative, got ${value}`);
  }
}

import { Seconds } from './time';

/**
 * Durations as people write them in configuration, plan steps and the CLI.
 *
 * Accepted forms (case-insensitive, surrounding whitespace ignored):
 * - a bare number of seconds: `300`, `2.5` (seconds are the API's unit);
 * - one or more `<number><unit>` parts with units w, d, h, m, s: `7d`, `12h`,
 *   `30m`, `45s`, `1h30m`, `1d 2h` — each unit at most once, largest first;
 * - ISO 8601 durations without years or months: `PT5M`, `P1DT2H`, `PT0.5S`, `P2W`.
 *
 * Years and months are refused: their length in seconds depends on the calendar,
 * and an RPO that silently meant "30 days" or "31 days" would be a trap.
 */
export class InvalidDuration extends RangeError {
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super(`invalid duration ${JSON.stringify(input)}: ${detail}`);
    this.name = 'InvalidDuration';
  }
}

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const UNIT_ORDER = ['w', 'd', 'h', 'm', 's'];

const NUMBER = '(\\d+(?:\\.\\d+)?)';
const BARE_SECONDS = new RegExp(`^${NUMBER}$`);
const SHORT_PART = new RegExp(`${NUMBER}\\s*([wdhms])\\s*`, 'gy');
const ISO = new RegExp(
  `^P(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);

export function parseDuration(input: string): Seconds {
  if (typeof input !== 'string') {
    throw new InvalidDuration(String(input), 'expected a string');
  }
  const text = input.trim().toLowerCase();
  if (text === '') {
    throw new InvalidDuration(input, 'empty');
  }
  const bare = BARE_SECONDS.exec(text);
  if (bare) {
    return Number(bare[1]);
  }
  if (text.startsWith('p')) {
    return parseIso(input, text.toUpperCase());
  }
  return parseShort(input, text);
}

function parseIso(input: string, text: string): Seconds {
  const match = ISO.exec(text);
  // "P" and "PT" alone match the pattern with no parts; ISO requires at least one.
  if (!match || text === 'P' || text.endsWith('T')) {
    throw new InvalidDuration(
      input,
      'expected an ISO 8601 duration such as PT5M (years and months are not allowed)',
    );
  }
  const [, w, d, h, m, s] = match;
  const parts: Array<[string | undefined, number]> = [
    [w, UNIT_SECONDS.w],
    [d, UNIT_SECONDS.d],
    [h, UNIT_SECONDS.h],
    [m, UNIT_SECONDS.m],
    [s, UNIT_SECONDS.s],
  ];
  return parts.reduce((total, [value, unit]) => total + (value === undefined ? 0 : Number(value) * unit), 0);
}

function parseShort(input: string, text: string): Seconds {
  SHORT_PART.lastIndex = 0;
  let total = 0;
  let lastUnitIndex = -1;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = SHORT_PART.exec(text)) !== null) {
    const unitIndex = UNIT_ORDER.indexOf(match[2]);
    // Largest unit first and no repeats, so "30s 1h" or "1m1m" are flagged as typos.
    if (unitIndex <= lastUnitIndex) {
      throw new InvalidDuration(input, 'units must appear once each, largest first (w d h m s)');
    }
    lastUnitIndex = unitIndex;
    total += Number(match[1]) * UNIT_SECONDS[match[2]];
    consumed = SHORT_PART.lastIndex;
  }
  if (consumed !== text.length || lastUnitIndex === -1) {
    throw new InvalidDuration(input, 'expected forms like 45s, 30m, 12h, 7d, 1h30m or PT5M');
  }
  return total;
}

export interface FormatDurationOptions {
  /** Show at most this many units, largest first (`2d 3h` instead of `2d 3h 4m 5s`). */
  maxUnits?: number;
}

const FORMAT_UNITS: Array<[string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * `formatDuration(312)` → `'5m 12s'`. Rounds to whole seconds and leaves out zero
 * units (`3600` → `'1h'`); zero is `'0s'`. Weeks are shown as days because "9d" reads
 * better than "1w 2d" in a lag column. With `maxUnits` the remainder is dropped
 * (truncated, not rounded, so a lag is never shown larger than it is).
 */
export function formatDuration(seconds: Seconds, options: FormatDurationOptions = {}): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    throw new RangeError(`formatDuration needs a finite number of seconds, got ${String(seconds)}`);
  }
  const maxUnits = options.maxUnits ?? FORMAT_UNITS.length;
  if (!Number.isInteger(maxUnits) || maxUnits < 1) {
    throw new RangeError(`maxUnits must be a positive integer, got ${maxUnits}`);
  }
  const sign = seconds < 0 ? '-' : '';
  let remaining = Math.round(Math.abs(seconds));
  if (remaining === 0) {
    return '0s';
  }
  const parts: string[] = [];
  for (const [unit, size] of FORMAT_UNITS) {
    const count = Math.floor(remaining / size);
    remaining -= count * size;
    if (count > 0 && parts.length < maxUnits) {
      parts.push(`${count}${unit}`);
    } else if (parts.length > 0 && parts.length >= maxUnits) {
      break;
    }
  }
  return sign + parts.join(' ');
}

import { resolveLagReading } from '@twinsite/core';
import { holdCondition, pairStateAfter, previousReading, StoredLag, toSourceResult } from './sample-rules';

const T = Date.parse('2026-11-27T10:00:00Z');
const stored = (overrides: Partial<StoredLag> = {}): StoredLag => ({
  state: 'protected',
  lagSeconds: 4,
  recoveryPointMs: T - 4000,
  stale: false,
  lastSampledMs: T,
  failures: 0,
  observedMs: T,
  ...overrides,
});

describe('previousReading', () => {
  it('is null for a pair nothing is known of', () => {
    expect(
      previousReading(
        stored({ lagSeconds: null, recoveryPointMs: null, lastSampledMs: null, observedMs: null }),
      ),
    ).toBeNull();
  });

  it('carries what core needs to keep a failing source’s lag growing', () => {
    const previous = previousReading(stored({ state: 'failing', failures: 3, stale: true }));
    expect(previous).toEqual({
      lagSeconds: 4,
      recoveryPointAt: T - 4000,
      stale: true,
      failing: true,
      consecutiveFailures: 3,
      observedAt: T,
      lagAt: T,
    });
    // A failed read 10 s later: 14 s, stale, four failures in a row.
    const next = resolveLagReading({ nowMs: T + 10_000, result: { ok: false, error: 'down' }, previous });
    expect(next).toMatchObject({ lagSeconds: 14, stale: true, failing: true, consecutiveFailures: 4 });
  });

  it('a pair an agent pushed to before its first sample continues from that recovery point', () => {
    const previous = previousReading(
      stored({ state: 'initial', lagSeconds: null, lastSampledMs: null, observedMs: null }),
    );
    expect(resolveLagReading({ nowMs: T + 6000, result: { ok: false, error: 'x' }, previous })).toMatchObject(
      { lagSeconds: 10, stale: true },
    );
  });
});

describe('toSourceResult', () => {
  it('hands core a recovery point or a lag, without diagnostics', () => {
    expect(toSourceResult({ ok: true, recoveryPointAt: T, receivedAtMs: T, diagnostics: { a: 1 } })).toEqual({
      ok: true,
      recoveryPointAt: T,
    });
    expect(toSourceResult({ ok: true, lagSeconds: 3, measuredAtMs: T, diagnostics: {} })).toEqual({
      ok: true,
      lagSeconds: 3,
      measuredAtMs: T,
    });
    expect(toSourceResult({ ok: false, error: 'no', code: 'x' })).toEqual({ ok: false, error: 'no' });
  });
});

describe('pairStateAfter', () => {
  const reading = { lagSeconds: 10, recoveryPointAt: T, stale: false, failing: false };
  it('failing while the source cannot be read, initial while nothing was observed, lagging on a breach, protected otherwise', () => {
    expect(pairStateAfter({ ...reading, failing: true, stale: true }, 'ok')).toBe('failing');
    expect(pairStateAfter({ ...reading, lagSeconds: null }, 'ok')).toBe('initial');
    expect(pairStateAfter(reading, 'breach')).toBe('lagging');
    expect(pairStateAfter(reading, 'warning')).toBe('protected');
    expect(pairStateAfter(reading, 'ok')).toBe('protected');
  });
});

describe('holdCondition', () => {
  it('lets a condition fall but not rise', () => {
    expect(holdCondition('breach', 'ok')).toBe('ok');
    expect(holdCondition('warning', 'ok')).toBe('ok');
    expect(holdCondition('ok', 'breach')).toBe('ok');
    expect(holdCondition('warning', 'breach')).toBe('warning');
    expect(holdCondition('breach', 'breach')).toBe('breach');
  });
});

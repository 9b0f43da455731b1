import {
  heartbeatLag,
  lagFromRecoveryPoint,
  LagReading,
  measureHeartbeatLag,
  measureLagFromRecoveryPoint,
  resolveLagReading,
  staleLag,
} from './lag';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const s = (seconds: number) => seconds * 1000;

describe('lagFromRecoveryPoint', () => {
  it('is now minus the recovery point, in seconds', () => {
    expect(lagFromRecoveryPoint(T0, T0 - s(412))).toBe(412);
  });

  it('keeps millisecond precision', () => {
    expect(lagFromRecoveryPoint(T0, T0 - 1500)).toBe(1.5);
  });

  it('is 0 when the recovery point is exactly now', () => {
    expect(lagFromRecoveryPoint(T0, T0)).toBe(0);
  });

  it('clamps a recovery point in the future (clock skew) to 0, never negative', () => {
    expect(lagFromRecoveryPoint(T0, T0 + s(30))).toBe(0);
  });

  it.each([
    [NaN, T0],
    [T0, NaN],
    [Infinity, T0],
    [T0, -Infinity],
  ])('rejects non-finite input (%p, %p)', (now, rp) => {
    expect(() => lagFromRecoveryPoint(now, rp)).toThrow(RangeError);
  });
});

describe('measureLagFromRecoveryPoint', () => {
  it('flags clock skew and says by how much', () => {
    expect(measureLagFromRecoveryPoint(T0, T0 + 2500)).toEqual({
      lagSeconds: 0,
      clockSkew: true,
      clockSkewSeconds: 2.5,
    });
  });

  it('does not flag an ordinary lag', () => {
    expect(measureLagFromRecoveryPoint(T0, T0 - s(10))).toEqual({
      lagSeconds: 10,
      clockSkew: false,
      clockSkewSeconds: 0,
    });
  });

  it('does not flag a recovery point exactly at now', () => {
    expect(measureLagFromRecoveryPoint(T0, T0).clockSkew).toBe(false);
  });
});

describe('heartbeatLag', () => {
  const interval = s(10);

  it('is primary newest minus replica newest', () => {
    expect(
      heartbeatLag({
        primaryNewestHeartbeatMs: T0,
        replicaNewestHeartbeatMs: T0 - s(40),
        heartbeatIntervalMs: interval,
      }),
    ).toBe(40);
  });

  it('is 0 when the replica has the newest heartbeat (an idle but healthy primary)', () => {
    expect(
      heartbeatLag({
        primaryNewestHeartbeatMs: T0,
        replicaNewestHeartbeatMs: T0,
        heartbeatIntervalMs: interval,
      }),
    ).toBe(0);
  });

  it('ignores the hosts clocks entirely: only the two primary-written stamps matter', () => {
    // The same heartbeat rows, whether the controller reads them in 2025 or a year later.
    const a = heartbeatLag({
      primaryNewestHeartbeatMs: T0,
      replicaNewestHeartbeatMs: T0 - s(5),
      heartbeatIntervalMs: interval,
    });
    const b = heartbeatLag({
      primaryNewestHeartbeatMs: T0 + s(365 * 86400),
      replicaNewestHeartbeatMs: T0 + s(365 * 86400) - s(5),
      heartbeatIntervalMs: interval,
    });
    expect(a).toBe(5);
    expect(b).toBe(5);
  });

  it('clamps a replica that looks ahead (reads in the wrong order) to 0', () => {
    expect(
      heartbeatLag({
        primaryNewestHeartbeatMs: T0,
        replicaNewestHeartbeatMs: T0 + s(10),
        heartbeatIntervalMs: interval,
      }),
    ).toBe(0);
  });

  it('rejects a zero or negative interval and non-finite stamps', () => {
    const base = { primaryNewestHeartbeatMs: T0, replicaNewestHeartbeatMs: T0 };
    expect(() => heartbeatLag({ ...base, heartbeatIntervalMs: 0 })).toThrow(/heartbeatIntervalMs/);
    expect(() => heartbeatLag({ ...base, heartbeatIntervalMs: -1 })).toThrow(RangeError);
    expect(() => heartbeatLag({ ...base, primaryNewestHeartbeatMs: NaN, heartbeatIntervalMs: 1 })).toThrow(
      /primaryNewestHeartbeatMs/,
    );
    expect(() => heartbeatLag({ ...base, replicaNewestHeartbeatMs: NaN, heartbeatIntervalMs: 1 })).toThrow(
      /replicaNewestHeartbeatMs/,
    );
    expect(() => heartbeatLag({ ...base, heartbeatIntervalMs: 1, primaryNowMs: NaN })).toThrow(
      /primaryNowMs/,
    );
  });
});

describe('measureHeartbeatLag', () => {
  const interval = s(10);

  it('reports the resolution of one heartbeat interval', () => {
    expect(
      measureHeartbeatLag({
        primaryNewestHeartbeatMs: T0,
        replicaNewestHeartbeatMs: T0 - s(20),
        heartbeatIntervalMs: interval,
      }),
    ).toEqual({ lagSeconds: 20, resolutionSeconds: 10, writerStalled: false });
  });

  it('is not stalled while the primary newest heartbeat is within two intervals of the primary now', () => {
    const result = measureHeartbeatLag({
      primaryNewestHeartbeatMs: T0,
      replicaNewestHeartbeatMs: T0,
      heartbeatIntervalMs: interval,
      primaryNowMs: T0 + 2 * interval,
    });
    expect(result).toEqual({ lagSeconds: 0, resolutionSeconds: 10, writerStalled: false });
  });

  it('detects a stopped heartbeat writer and lets the lag grow against the primary now', () => {
    const result = measureHeartbeatLag({
      primaryNewestHeartbeatMs: T0,
      replicaNewestHeartbeatMs: T0,
      heartbeatIntervalMs: interval,
      primaryNowMs: T0 + 2 * interval + 1,
    });
    expect(result.writerStalled).toBe(true);
    expect(result.lagSeconds).toBe(20.001);
    expect(
      heartbeatLag({
        primaryNewestHeartbeatMs: T0,
        replicaNewestHeartbeatMs: T0 - s(5),
        heartbeatIntervalMs: interval,
        primaryNowMs: T0 + s(300),
      }),
    ).toBe(305);
  });
});

describe('staleLag', () => {
  it('grows the last known lag at wall-clock rate', () => {
    expect(
      staleLag({ nowMs: T0 + s(60), lastGoodObservationMs: T0, lagAtLastObservationSeconds: 30 }),
    ).toEqual({
      lagSeconds: 90,
      stale: true,
    });
  });

  it('is the last known lag at the moment of the last observation', () => {
    expect(
      staleLag({ nowMs: T0, lastGoodObservationMs: T0, lagAtLastObservationSeconds: 30 }).lagSeconds,
    ).toBe(30);
  });

  it('does not shrink when the clock steps backwards', () => {
    expect(
      staleLag({ nowMs: T0 - s(100), lastGoodObservationMs: T0, lagAtLastObservationSeconds: 30 }).lagSeconds,
    ).toBe(30);
  });

  it('grows from 0 as well: a stale 0 does not stay 0', () => {
    expect(
      staleLag({ nowMs: T0 + s(1), lastGoodObservationMs: T0, lagAtLastObservationSeconds: 0 }).lagSeconds,
    ).toBe(1);
  });

  it('rejects a negative last lag and non-finite times', () => {
    expect(() => staleLag({ nowMs: T0, lastGoodObservationMs: T0, lagAtLastObservationSeconds: -1 })).toThrow(
      RangeError,
    );
    expect(() => staleLag({ nowMs: NaN, lastGoodObservationMs: T0, lagAtLastObservationSeconds: 0 })).toThrow(
      RangeError,
    );
    expect(() => staleLag({ nowMs: T0, lastGoodObservationMs: NaN, lagAtLastObservationSeconds: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('resolveLagReading', () => {
  it('reads a recovery point as a fresh lag', () => {
    expect(
      resolveLagReading({ nowMs: T0, result: { ok: true, recoveryPointAt: T0 - s(42) }, previous: null }),
    ).toEqual({
      lagSeconds: 42,
      recoveryPointAt: T0 - s(42),
      stale: false,
      failing: false,
      consecutiveFailures: 0,
      observedAt: T0,
      lagAt: T0,
    });
  });

  it('turns a lag-only result (heartbeat) into a recovery point in the controller clock', () => {
    const reading = resolveLagReading({ nowMs: T0, result: { ok: true, lagSeconds: 15 }, previous: null });
    expect(reading.lagSeconds).toBe(15);
    expect(reading.recoveryPointAt).toBe(T0 - s(15));
  });

  it('ages a lag measured earlier than now by the time since the measurement', () => {
    const reading = resolveLagReading({
      nowMs: T0 + s(5),
      result: { ok: true, lagSeconds: 15, measuredAtMs: T0 },
      previous: null,
    });
    expect(reading.lagSeconds).toBe(20);
    expect(reading.recoveryPointAt).toBe(T0 - s(15));
  });

  it('flags a recovery point in the future with a reason and lag 0', () => {
    const reading = resolveLagReading({
      nowMs: T0,
      result: { ok: true, recoveryPointAt: T0 + 1500 },
      previous: null,
    });
    expect(reading.lagSeconds).toBe(0);
    expect(reading.failing).toBe(false);
    expect(reading.reason).toBe('recovery point is 2 s in the future (clock skew); lag shown as 0');
  });

  it('has no reason on an ordinary success', () => {
    const reading = resolveLagReading({
      nowMs: T0,
      result: { ok: true, recoveryPointAt: T0 - 1 },
      previous: null,
    });
    expect(reading.reason).toBeUndefined();
  });

  it('reports null lag with failing=true when the source was never observed — never 0', () => {
    const reading = resolveLagReading({
      nowMs: T0,
      result: { ok: false, error: 'connection refused' },
      previous: null,
    });
    expect(reading).toEqual({
      lagSeconds: null,
      recoveryPointAt: null,
      stale: false,
      failing: true,
      reason: 'connection refused',
      consecutiveFailures: 1,
      observedAt: null,
      lagAt: null,
    });
  });

  it('stays null while failures continue without any observation, counting failures', () => {
    let reading: LagReading | null = null;
    for (let i = 1; i <= 3; i++) {
      reading = resolveLagReading({
        nowMs: T0 + s(i),
        result: { ok: false, error: 'down' },
        previous: reading,
      });
      expect(reading.lagSeconds).toBeNull();
      expect(reading.consecutiveFailures).toBe(i);
    }
  });

  it('keeps the lag growing at wall-clock rate while the source fails', () => {
    const ok = resolveLagReading({
      nowMs: T0,
      result: { ok: true, recoveryPointAt: T0 - s(10) },
      previous: null,
    });
    const fail1 = resolveLagReading({
      nowMs: T0 + s(30),
      result: { ok: false, error: 'timeout' },
      previous: ok,
    });
    const fail2 = resolveLagReading({
      nowMs: T0 + s(90),
      result: { ok: false, error: 'timeout' },
      previous: fail1,
    });
    expect(fail1).toMatchObject({
      lagSeconds: 40,
      recoveryPointAt: T0 - s(10),
      stale: true,
      failing: true,
      reason: 'timeout',
      consecutiveFailures: 1,
      observedAt: T0,
      lagAt: T0 + s(30),
    });
    // Not 40 + 90: a stale reading is extrapolated from its own instant, not double counted.
    expect(fail2.lagSeconds).toBe(100);
    expect(fail2.consecutiveFailures).toBe(2);
    expect(fail2.observedAt).toBe(T0);
  });

  it('keeps growing even when the last good recovery point was clamped for clock skew', () => {
    const skewed = resolveLagReading({
      nowMs: T0,
      result: { ok: true, recoveryPointAt: T0 + s(60) },
      previous: null,
    });
    const failing = resolveLagReading({
      nowMs: T0 + s(20),
      result: { ok: false, error: 'x' },
      previous: skewed,
    });
    expect(skewed.lagSeconds).toBe(0);
    expect(failing.lagSeconds).toBe(20);
  });

  it('resets failure count and staleness on the next success', () => {
    const ok = resolveLagReading({ nowMs: T0, result: { ok: true, recoveryPointAt: T0 }, previous: null });
    const fail = resolveLagReading({ nowMs: T0 + s(30), result: { ok: false, error: 'x' }, previous: ok });
    const back = resolveLagReading({
      nowMs: T0 + s(60),
      result: { ok: true, recoveryPointAt: T0 + s(55) },
      previous: fail,
    });
    expect(back).toMatchObject({ lagSeconds: 5, stale: false, failing: false, consecutiveFailures: 0 });
    expect(back.reason).toBeUndefined();
  });

  it('lets lag go up when the newest recovery point disappears (e.g. a snapshot was deleted)', () => {
    const ok = resolveLagReading({
      nowMs: T0,
      result: { ok: true, recoveryPointAt: T0 - s(5) },
      previous: null,
    });
    const older = resolveLagReading({
      nowMs: T0 + s(10),
      result: { ok: true, recoveryPointAt: T0 - s(600) },
      previous: ok,
    });
    expect(older.lagSeconds).toBe(610);
  });

  it('extrapolates from a reading built elsewhere that has only a recovery point', () => {
    const previous: LagReading = {
      lagSeconds: 10,
      recoveryPointAt: T0 - s(10),
      stale: false,
      failing: false,
    };
    const reading = resolveLagReading({ nowMs: T0 + s(5), result: { ok: false, error: 'x' }, previous });
    expect(reading.lagSeconds).toBe(15);
    expect(reading.consecutiveFailures).toBe(1);
  });

  it('extrapolates from a reading built elsewhere that has only a lag and its instant', () => {
    const previous: LagReading = {
      lagSeconds: 10,
      recoveryPointAt: null,
      stale: false,
      failing: false,
      lagAt: T0,
    };
    const reading = resolveLagReading({ nowMs: T0 + s(5), result: { ok: false, error: 'x' }, previous });
    expect(reading).toMatchObject({ lagSeconds: 15, stale: true, failing: true });
  });

  it('counts a previous failing reading without a counter as one failure', () => {
    const previous: LagReading = { lagSeconds: null, recoveryPointAt: null, stale: false, failing: true };
    const reading = resolveLagReading({ nowMs: T0, result: { ok: false, error: 'x' }, previous });
    expect(reading.consecutiveFailures).toBe(2);
  });

  it('rejects non-finite times and negative lags from a source', () => {
    expect(() =>
      resolveLagReading({ nowMs: NaN, result: { ok: false, error: 'x' }, previous: null }),
    ).toThrow(RangeError);
    expect(() =>
      resolveLagReading({ nowMs: T0, result: { ok: true, recoveryPointAt: NaN }, previous: null }),
    ).toThrow(/recoveryPointAt/);
    expect(() =>
      resolveLagReading({ nowMs: T0, result: { ok: true, lagSeconds: -1 }, previous: null }),
    ).toThrow(/lagSeconds/);
    expect(() =>
      resolveLagReading({
        nowMs: T0,
        result: { ok: true, lagSeconds: 1, measuredAtMs: NaN },
        previous: null,
      }),
    ).toThrow(/measuredAtMs/);
  });
});

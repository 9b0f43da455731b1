import { describeError, heartbeatReading } from './heartbeat';

const T = Date.parse('2026-11-27T10:00:00Z');

describe('heartbeatReading', () => {
  const base = { heartbeatIntervalMs: 5000, measuredAtMs: T + 1 };

  it('is the primary’s newest heartbeat minus the newest applied at the replica (one clock)', () => {
    const r = heartbeatReading({
      ...base,
      primaryNewestMs: T,
      replicaNewestMs: T - 12_000,
      primaryNowMs: T + 4000,
    });
    expect(r).toMatchObject({ ok: true, lagSeconds: 12, measuredAtMs: T + 1 });
    expect((r as any).diagnostics.heartbeat).toMatchObject({ intervalSeconds: 5, resolutionSeconds: 5 });
  });

  it('an idle primary whose heartbeats arrive reads 0, whatever the primary’s clock says about the others', () => {
    // The primary's clock is an hour ahead of everyone: both heartbeats carry it, so it cancels out.
    const skewed = T + 3_600_000;
    expect(
      heartbeatReading({
        ...base,
        primaryNewestMs: skewed,
        replicaNewestMs: skewed,
        primaryNowMs: skewed + 4000,
      }),
    ).toMatchObject({ ok: true, lagSeconds: 0 });
    const behind = T - 3_600_000;
    expect(
      heartbeatReading({
        ...base,
        primaryNewestMs: behind,
        replicaNewestMs: behind - 3000,
        primaryNowMs: behind + 1000,
      }),
    ).toMatchObject({ ok: true, lagSeconds: 3 });
  });

  it('after a pause of the writer (our own sampling), compares heartbeats, not the primary’s now: the pause is not lag', () => {
    const r = heartbeatReading({
      ...base,
      primaryNewestMs: T,
      replicaNewestMs: T,
      primaryNowMs: T + 120_000,
    });
    expect(r).toMatchObject({ ok: true, lagSeconds: 0 });
    expect((r as any).diagnostics.heartbeat.writerResumed).toBe(true);
  });

  it('a replica ahead (read in the other order) is clamped to 0, never negative', () => {
    expect(
      heartbeatReading({ ...base, primaryNewestMs: T, replicaNewestMs: T + 5000, primaryNowMs: T }),
    ).toMatchObject({ ok: true, lagSeconds: 0 });
  });

  it('no heartbeat at the replica is a failure, never 0', () => {
    expect(
      heartbeatReading(
        { ...base, primaryNewestMs: T, replicaNewestMs: null, primaryNowMs: T },
        { replica: { inRecovery: true } },
      ),
    ).toEqual({
      ok: false,
      code: 'no-heartbeat-at-replica',
      error: expect.stringContaining('no heartbeat'),
      diagnostics: { replica: { inRecovery: true }, heartbeat: expect.any(Object) },
    });
  });
});

describe('describeError', () => {
  it('never repeats a database URL or its password', () => {
    const url = 'postgres://monitor:s3cr%40t@db-a:5432/app';
    const message = describeError(new Error(`could not connect to ${url} as monitor with password s3cr@t`), [
      url,
    ]);
    expect(message).toBe('could not connect to <url> as monitor with password ***');
  });

  it('uses the code when there is no message, and shortens long ones', () => {
    expect(describeError({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
    expect(describeError(new Error('x'.repeat(1000)))).toHaveLength(301);
  });
});

import { Throttle } from './throttling';

describe('Throttle', () => {
  it('spends reads and writes from separate budgets per subscription', () => {
    const throttle = new Throttle({ reads: 2, writes: 1, windowSeconds: 10 });
    expect(throttle.take('sub-1', 'read', 0)).toMatchObject({
      allowed: true,
      remainingReads: 1,
      remainingWrites: 1,
    });
    expect(throttle.take('sub-1', 'write', 0)).toMatchObject({ allowed: true, remainingWrites: 0 });
    expect(throttle.take('sub-1', 'write', 0)).toMatchObject({ allowed: false, remainingWrites: 0 });
    expect(throttle.take('sub-1', 'read', 0)).toMatchObject({ allowed: true, remainingReads: 0 });
    expect(throttle.take('sub-2', 'read', 0)).toMatchObject({ allowed: true, remainingReads: 1 });
  });

  it('tells a throttled client when the window refills, and refills it', () => {
    const throttle = new Throttle({ reads: 1, writes: 1, windowSeconds: 10 });
    throttle.take('s', 'read', 1000);
    expect(throttle.take('s', 'read', 4000)).toMatchObject({ allowed: false, retryAfterSeconds: 7 });
    expect(throttle.take('s', 'read', 11_000)).toMatchObject({ allowed: true });
  });

  it('uses a fixed Retry-After when one is configured', () => {
    const throttle = new Throttle({ reads: 0, writes: 0, windowSeconds: 60, retryAfterSeconds: 2 });
    expect(throttle.take('s', 'write')).toMatchObject({ allowed: false, retryAfterSeconds: 2 });
  });
});

import { Fence, LeaseLost } from './fence';

describe('Fence', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('is held until the margin before the lease ends', () => {
    const fence = new Fence('s1', 3, 10_000, 2_000, now, clock);
    now += 7_999;
    expect(fence.held).toBe(true);
    expect(() => fence.assertHeld()).not.toThrow();
    now += 1;
    expect(fence.held).toBe(false);
    expect(() => fence.assertHeld()).toThrow(LeaseLost);
  });

  it('reads the clock at every check, so the signal says aborted without a timer having fired', () => {
    const fence = new Fence('s1', 1, 1_000, 100, now, clock);
    expect(fence.signal.aborted).toBe(false);
    now += 5_000; // a process stopped with SIGSTOP for five seconds
    expect(fence.signal.aborted).toBe(true);
  });

  it('runs from the time a renewal was sent, never from when it was answered', () => {
    const fence = new Fence('s1', 1, 10_000, 1_000, now, clock);
    const sentAt = now + 5_000;
    now += 8_500;
    fence.renewed(sentAt, 10_000);
    now = sentAt + 8_999;
    expect(fence.held).toBe(true);
    now = sentAt + 9_000;
    expect(fence.held).toBe(false);
  });

  it('stays lost once lost, whatever renewals come after', () => {
    const fence = new Fence('s1', 1, 10_000, 1_000, now, clock);
    fence.lose('another instance took the step');
    fence.renewed(now, 10_000);
    expect(fence.held).toBe(false);
    expect(fence.signal.aborted).toBe(true);
    expect(() => fence.assertHeld()).toThrow(/another instance took the step/);
  });
});

describe('Fence cancel', () => {
  it('stops the work but keeps the lease, so the cancel can be committed', () => {
    const fence = new Fence('s1', 1, 10_000, 1_000, 0, () => 0);
    fence.cancel();
    expect(fence.held).toBe(true);
    expect(fence.signal.aborted).toBe(true);
    expect(() => fence.assertHeld()).not.toThrow();
    expect(() => fence.assertMayAct()).toThrow(/cancelled/);
  });
});

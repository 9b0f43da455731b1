import { criticalPathLowerBoundMs, listScheduleMakespan, siteFailoverLowerBoundMs } from './plan-schedule';

const member = (...opsMs: number[]) => ({ opsMs });

describe('criticalPathLowerBoundMs', () => {
  it('is 0 for no groups', () => {
    expect(criticalPathLowerBoundMs([], 4)).toBe(0);
  });

  it('adds a member’s operations, which run in sequence', () => {
    expect(criticalPathLowerBoundMs([{ members: [member(100, 200, 300)], beforeMs: 0, afterMs: 0 }], 4)).toBe(
      600,
    );
  });

  it('is the longest member when the slots are enough', () => {
    const group = { members: [member(100), member(500), member(300)], beforeMs: 0, afterMs: 0 };
    expect(criticalPathLowerBoundMs([group], 3)).toBe(500);
    expect(criticalPathLowerBoundMs([group], Infinity)).toBe(500);
  });

  it('is the packed total when concurrency is the limit', () => {
    const group = { members: [member(100), member(100), member(100), member(100)], beforeMs: 0, afterMs: 0 };
    expect(criticalPathLowerBoundMs([group], 2)).toBe(200);
    expect(criticalPathLowerBoundMs([group], 1)).toBe(400);
  });

  it('rounds the packed total up to a whole millisecond', () => {
    const group = {
      members: [member(1), member(1), member(1), member(1), member(1)],
      beforeMs: 0,
      afterMs: 0,
    };
    expect(criticalPathLowerBoundMs([group], 2)).toBe(3);
  });

  it('takes the larger of longest member and packing', () => {
    // total 1000 over 4 slots = 250, but one member alone takes 700.
    const group = { members: [member(700), member(100), member(100), member(100)], beforeMs: 0, afterMs: 0 };
    expect(criticalPathLowerBoundMs([group], 4)).toBe(700);
    expect(criticalPathLowerBoundMs([group], 1)).toBe(1000);
  });

  it('runs groups in sequence, each with its before and after steps', () => {
    const groups = [
      { members: [member(100), member(200)], beforeMs: 10, afterMs: 20 },
      { members: [member(50)], beforeMs: 5, afterMs: 0 },
    ];
    expect(criticalPathLowerBoundMs(groups, 2)).toBe(10 + 200 + 20 + 5 + 50);
  });

  it('counts only before and after for a group without members or operations', () => {
    expect(criticalPathLowerBoundMs([{ members: [], beforeMs: 30, afterMs: 40 }], 2)).toBe(70);
    expect(criticalPathLowerBoundMs([{ members: [member()], beforeMs: 0, afterMs: 0 }], 2)).toBe(0);
  });

  it.each([0, -1, 1.5, NaN])('rejects concurrency %p', (concurrency) => {
    expect(() => criticalPathLowerBoundMs([], concurrency)).toThrow(/perSiteConcurrency/);
  });

  it('rejects negative durations and names them', () => {
    expect(() =>
      criticalPathLowerBoundMs([{ members: [member(1, -1)], beforeMs: 0, afterMs: 0 }], 1),
    ).toThrow(/groups\[0\]\.members\[0\]\.opsMs\[1\]/);
    expect(() => criticalPathLowerBoundMs([{ members: [], beforeMs: -1, afterMs: 0 }], 1)).toThrow(
      /beforeMs/,
    );
    expect(() => criticalPathLowerBoundMs([{ members: [], beforeMs: 0, afterMs: NaN }], 1)).toThrow(
      /afterMs/,
    );
  });
});

describe('listScheduleMakespan', () => {
  it('is 0 for no jobs', () => {
    expect(listScheduleMakespan([], 3)).toBe(0);
  });

  it('is the sum with one slot and the maximum with enough slots', () => {
    expect(listScheduleMakespan([3, 1, 2], 1)).toBe(6);
    expect(listScheduleMakespan([3, 1, 2], 3)).toBe(3);
    expect(listScheduleMakespan([3, 1, 2], Infinity)).toBe(3);
  });

  it('starts each job on the slot that frees first, in order', () => {
    // slots: [5], [2 → 2+4=6] ; job 3 (1) starts at 5 on slot 0 → 6
    expect(listScheduleMakespan([5, 2, 4, 1], 2)).toBe(6);
  });

  it('keeps the given order even when another order would be shorter', () => {
    // In this order: [1,1] then 10 on a slot free at 1 → 11. Longest-first would give 10.
    expect(listScheduleMakespan([1, 1, 10], 2)).toBe(11);
  });

  it('rejects invalid slot counts', () => {
    expect(() => listScheduleMakespan([1], 0)).toThrow(/slots/);
  });
});

describe('siteFailoverLowerBoundMs', () => {
  it('orders plans by tier before scheduling', () => {
    // In tier order: 10 on one slot, 1 and 1 on the other → 10. In input order it would be 11.
    const plans = [
      { tierOrder: 1, durationMs: 1 },
      { tierOrder: 1, durationMs: 1 },
      { tierOrder: 0, durationMs: 10 },
    ];
    expect(siteFailoverLowerBoundMs(plans, 2)).toBe(10);
  });

  it('keeps the given order within a tier', () => {
    const plans = [
      { tierOrder: 1, durationMs: 1 },
      { tierOrder: 1, durationMs: 1 },
      { tierOrder: 1, durationMs: 10 },
    ];
    expect(siteFailoverLowerBoundMs(plans, 2)).toBe(11);
  });

  it('accepts tier labels and puts unknown tiers last', () => {
    const plans = [
      { tierOrder: 'gold', durationMs: 7 },
      { tierOrder: 'tier-0', durationMs: 3 },
    ];
    // Tier order 3, 3, 7 on two slots → 10; input order 7, 3, 3 would give 7.
    expect(siteFailoverLowerBoundMs([...plans, { tierOrder: 1, durationMs: 3 }], 2)).toBe(10);
  });

  it('is the sum with one plan in flight and the longest plan with unlimited', () => {
    const plans = [
      { tierOrder: 0, durationMs: 100 },
      { tierOrder: 1, durationMs: 200 },
      { tierOrder: 2, durationMs: 300 },
    ];
    expect(siteFailoverLowerBoundMs(plans, 1)).toBe(600);
    expect(siteFailoverLowerBoundMs(plans, Infinity)).toBe(300);
  });

  it('is 0 for no plans', () => {
    expect(siteFailoverLowerBoundMs([], 2)).toBe(0);
  });

  it('rejects invalid input', () => {
    expect(() => siteFailoverLowerBoundMs([], 0)).toThrow(/plansInFlight/);
    expect(() => siteFailoverLowerBoundMs([{ tierOrder: 0, durationMs: -1 }], 1)).toThrow(
      /plans\[0\]\.durationMs/,
    );
  });
});

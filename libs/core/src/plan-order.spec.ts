import { orderPlansByTier, tierRank } from './plan-order';

describe('tierRank', () => {
  it.each<[number | string, number]>([
    [0, 0],
    [3, 3],
    ['0', 0],
    ['1', 1],
    ['tier-1', 1],
    ['Tier 2', 2],
    ['TIER_3', 3],
    [' 4 ', 4],
    ['tier1', 1],
    [-1, Infinity],
    [1.5, Infinity],
    [NaN, Infinity],
    ['gold', Infinity],
    ['', Infinity],
    ['1a', Infinity],
  ])('%p ranks %p', (tier, rank) => {
    expect(tierRank(tier)).toBe(rank);
  });
});

describe('orderPlansByTier', () => {
  it('puts the most critical tier first', () => {
    const plans = [
      { id: 'c', tier: 2, name: 'reporting' },
      { id: 'a', tier: 0, name: 'identity' },
      { id: 'b', tier: 1, name: 'shop' },
    ];
    expect(orderPlansByTier(plans).map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('orders by name within a tier, ignoring case first', () => {
    const plans = [
      { id: '1', tier: 1, name: 'zeta' },
      { id: '2', tier: 1, name: 'Alpha' },
      { id: '3', tier: 1, name: 'beta' },
    ];
    expect(orderPlansByTier(plans).map((p) => p.name)).toEqual(['Alpha', 'beta', 'zeta']);
  });

  it('mixes numeric and labelled tiers', () => {
    const plans = [
      { id: 'x', tier: 'tier-1', name: 'b' },
      { id: 'y', tier: 1, name: 'a' },
      { id: 'z', tier: '0', name: 'c' },
    ];
    expect(orderPlansByTier(plans).map((p) => p.id)).toEqual(['z', 'y', 'x']);
  });

  it('puts unrecognised tiers last, ordered by name among themselves', () => {
    const plans = [
      { id: '1', tier: 'gold', name: 'b' },
      { id: '2', tier: 9, name: 'z' },
      { id: '3', tier: 'silver', name: 'a' },
    ];
    expect(orderPlansByTier(plans).map((p) => p.id)).toEqual(['2', '3', '1']);
  });

  it('breaks name ties deterministically by exact name, then id', () => {
    const plans = [
      { id: 'b', tier: 0, name: 'web' },
      { id: 'a', tier: 0, name: 'web' },
      { id: 'c', tier: 0, name: 'Web' },
    ];
    expect(orderPlansByTier(plans).map((p) => p.id)).toEqual(['c', 'a', 'b']);
  });

  it('returns a new array and keeps extra fields', () => {
    const plans = [
      { id: 'b', tier: 1, name: 'b', extra: true },
      { id: 'a', tier: 0, name: 'a', extra: false },
    ];
    const ordered = orderPlansByTier(plans);
    expect(ordered).not.toBe(plans);
    expect(plans.map((p) => p.id)).toEqual(['b', 'a']);
    expect(ordered[0].extra).toBe(false);
  });

  it('handles an empty list', () => {
    expect(orderPlansByTier([])).toEqual([]);
  });
});

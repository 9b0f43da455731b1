/**
 * Plans fail over in tier order: tier 0 (identity, DNS, the things everything
 * else needs) first. Within a tier the order is by name so that it is the same on
 * every run and on every screen.
 */
export interface TieredPlan {
  id: string;
  /** A number, or a label such as `"1"`, `"tier-1"` or `"Tier 1"`. */
  tier: number | string;
  name: string;
}

/**
 * The numeric rank of a tier; unrecognised tiers rank last (Infinity), so a typo
 * delays a plan rather than putting it ahead of tier 0.
 */
export function tierRank(tier: number | string): number {
  if (typeof tier === 'number') {
    return Number.isInteger(tier) && tier >= 0 ? tier : Infinity;
  }
  const match = /^\s*(?:tier[\s_-]*)?(\d+)\s*$/i.exec(tier);
  return match ? Number(match[1]) : Infinity;
}

/** Returns a new array: most critical tier first, then by name, then by id. */
export function orderPlansByTier<T extends TieredPlan>(plans: readonly T[]): T[] {
  return [...plans].sort(
    (a, b) =>
      compareRanks(tierRank(a.tier), tierRank(b.tier)) ||
      compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
      compareText(a.name, b.name) ||
      compareText(a.id, b.id),
  );
}

function compareRanks(a: number, b: number): number {
  // Infinity − Infinity is NaN; equal ranks must compare as 0.
  return a === b ? 0 : a < b ? -1 : 1;
}

// Code-point order, not locale order, so the result does not depend on the host's ICU data.
function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

import { tierRank } from './plan-order';
import { assertNonNegative } from './time';

/**
 * Lower bounds on how long a failover can take, from how long its parts took
 * before (drills, benchmarks). They let the console say "this plan cannot meet
 * an RTO of 10 min with this concurrency" before anyone presses the button.
 */
export interface ScheduledMember {
  /** Durations of the member's operations, which run one after another. */
  opsMs: number[];
}

export interface ScheduledGroup {
  members: ScheduledMember[];
  /** Before-steps of the group (approval waits excluded: they have no lower bound). */
  beforeMs: number;
  afterMs: number;
}

/**
 * Groups run one after another; the members of a group run in parallel, at most
 * `perSiteConcurrency` at a time. A group takes at least as long as its longest
 * member, and at least its total work spread evenly over the slots
 * (`ceil(total / concurrency)`), whichever is larger — the standard bound for
 * scheduling on identical parallel machines.
 */
export function criticalPathLowerBoundMs(
  groups: readonly ScheduledGroup[],
  perSiteConcurrency: number,
): number {
  assertConcurrency(perSiteConcurrency, 'perSiteConcurrency');
  let total = 0;
  groups.forEach((group, g) => {
    assertNonNegative(group.beforeMs, `groups[${g}].beforeMs`);
    assertNonNegative(group.afterMs, `groups[${g}].afterMs`);
    const durations = group.members.map((member, m) =>
      member.opsMs.reduce((sum, op, o) => {
        assertNonNegative(op, `groups[${g}].members[${m}].opsMs[${o}]`);
        return sum + op;
      }, 0),
    );
    const longest = Math.max(0, ...durations);
    const work = durations.reduce((sum, d) => sum + d, 0);
    const packed = Number.isFinite(perSiteConcurrency) ? Math.ceil(work / perSiteConcurrency) : 0;
    total += group.beforeMs + Math.max(longest, packed) + group.afterMs;
  });
  return total;
}

export interface TieredDuration {
  /** The plan's tier: a number (0 first) or a tier label (see `tierRank`). */
  tierOrder: number | string;
  durationMs: number;
}

/**
 * Duration of a site failover: plans start in tier order (stable within a tier),
 * each as soon as one of `plansInFlight` slots frees up. This is the list
 * schedule the controller follows, so with each plan's lower bound as its
 * duration the result is a lower bound of the site failover.
 */
export function siteFailoverLowerBoundMs(plans: readonly TieredDuration[], plansInFlight: number): number {
  assertConcurrency(plansInFlight, 'plansInFlight');
  plans.forEach((plan, i) => assertNonNegative(plan.durationMs, `plans[${i}].durationMs`));
  const ordered = plans
    .map((plan, index) => ({ plan, index, rank: tierRank(plan.tierOrder) }))
    .sort((a, b) => (a.rank === b.rank ? a.index - b.index : a.rank < b.rank ? -1 : 1))
    .map(({ plan }) => plan.durationMs);
  return listScheduleMakespan(ordered, plansInFlight);
}

/**
 * Makespan of list scheduling: jobs in the given order, each started on the
 * slot that frees up first. Start times never go backwards, so the order is kept.
 */
export function listScheduleMakespan(durations: readonly number[], slots: number): number {
  assertConcurrency(slots, 'slots');
  const slotCount = Math.min(slots, durations.length);
  const freeAt = new Array<number>(slotCount).fill(0);
  let makespan = 0;
  for (const duration of durations) {
    let earliest = 0;
    for (let i = 1; i < freeAt.length; i++) {
      if (freeAt[i] < freeAt[earliest]) {
        earliest = i;
      }
    }
    freeAt[earliest] += duration;
    makespan = Math.max(makespan, freeAt[earliest]);
  }
  return makespan;
}

function assertConcurrency(value: number, name: string): void {
  // Infinity is allowed and means "no limit".
  if (!(value === Infinity || (Number.isInteger(value) && value >= 1))) {
    throw new RangeError(`${name} must be a whole number of at least 1 (or Infinity), got ${value}`);
  }
}

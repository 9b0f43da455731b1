import { DomainViolation, fieldPath, violation } from './errors';
import { healthCheckPairId, PlanStep, validateStep } from './plan-steps';

// The step types and plan ordering are part of the plan rules' public face.
export * from './plan-steps';
export * from './plan-order';

/**
 * Rules a recovery plan must satisfy before it is saved, checked against the
 * pairs it names. All violations are returned at once, each naming its field.
 */
export interface PlanGroup {
  name: string;
  pairIds: string[];
  before: PlanStep[];
  after: PlanStep[];
}

export interface PlanDefinition {
  groups: PlanGroup[];
}

/** What plan validation needs to know about each pair. */
export interface PairSites {
  sourceSiteId: string;
  targetSiteId: string;
}

export type PlanRule =
  | 'unique-pair'
  | 'same-site-pair'
  | 'mixed-direction'
  | 'non-empty-group'
  | 'non-empty-plan'
  | 'unknown-pair'
  | 'unique-group-name';

/**
 * - `non-empty-plan`: a plan has at least one group.
 * - `unique-group-name`: group names differ (ignoring case and surrounding spaces),
 *   because operators approve and read runs by group name.
 * - `non-empty-group`: every group has at least one pair.
 * - `unique-pair`: a pair appears once in the whole plan; failing it over twice
 *   in one run would race with itself.
 * - `unknown-pair`: every pair id — in groups, `database-promote` steps and
 *   `pair:<id>` health-check targets — names an existing pair.
 * - `same-site-pair`: a pair's source and target are different sites; a pair
 *   replicating within one site cannot fail over anywhere.
 * - `mixed-direction`: all pairs of a plan replicate between the same two sites
 *   in the same direction; one run fails over from one site to the other.
 * Step fields are checked by `validateStep` (rules `required`, `invalid-url`, ...).
 */
export function validatePlan(
  plan: PlanDefinition,
  pairsById: ReadonlyMap<string, PairSites>,
): DomainViolation[] {
  const groups = (plan as unknown as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) {
    return [violation('groups', 'invalid-type', 'groups must be a list')];
  }
  if (groups.length === 0) {
    return [violation('groups', 'non-empty-plan', 'a plan needs at least one group')];
  }
  const violations: DomainViolation[] = [];
  const groupNames = new Map<string, string>();
  const pairPlaces = new Map<string, string>();
  let direction: { pairId: string; sites: PairSites } | null = null;

  groups.forEach((group: unknown, g) => {
    const groupPath = fieldPath('groups', g);
    if (group === null || typeof group !== 'object' || Array.isArray(group)) {
      violations.push(violation(groupPath, 'invalid-type', 'a group must be an object'));
      return;
    }
    const { name, pairIds, before, after } = group as Record<string, unknown>;

    const namePath = fieldPath(groupPath, 'name');
    if (typeof name !== 'string' || name.trim() === '') {
      violations.push(violation(namePath, 'required', 'a group needs a name'));
    } else {
      const key = name.trim().toLowerCase();
      const first = groupNames.get(key);
      if (first !== undefined) {
        violations.push(
          violation(namePath, 'unique-group-name', `group name "${name}" is already used by ${first}`),
        );
      } else {
        groupNames.set(key, namePath);
      }
    }

    const pairIdsPath = fieldPath(groupPath, 'pairIds');
    if (!Array.isArray(pairIds)) {
      violations.push(violation(pairIdsPath, 'invalid-type', 'pairIds must be a list'));
    } else if (pairIds.length === 0) {
      violations.push(violation(pairIdsPath, 'non-empty-group', 'a group needs at least one pair'));
    } else {
      pairIds.forEach((pairId: unknown, p) => {
        const pairPath = fieldPath(pairIdsPath, p);
        if (typeof pairId !== 'string' || pairId.trim() === '') {
          violations.push(violation(pairPath, 'invalid-type', 'a pair id must be a non-empty string'));
          return;
        }
        const first = pairPlaces.get(pairId);
        if (first !== undefined) {
          violations.push(
            violation(pairPath, 'unique-pair', `pair ${pairId} is already in the plan at ${first}`),
          );
          return;
        }
        pairPlaces.set(pairId, pairPath);
        const sites = pairsById.get(pairId);
        if (sites === undefined) {
          violations.push(violation(pairPath, 'unknown-pair', `pair ${pairId} does not exist`));
          return;
        }
        if (sites.sourceSiteId === sites.targetSiteId) {
          violations.push(
            violation(pairPath, 'same-site-pair', `pair ${pairId} has source and target at the same site`),
          );
          return;
        }
        if (direction === null) {
          direction = { pairId, sites };
        } else if (
          sites.sourceSiteId !== direction.sites.sourceSiteId ||
          sites.targetSiteId !== direction.sites.targetSiteId
        ) {
          violations.push(
            violation(
              pairPath,
              'mixed-direction',
              `pair ${pairId} replicates ${sites.sourceSiteId} → ${sites.targetSiteId}, but pair ${direction.pairId} replicates ${direction.sites.sourceSiteId} → ${direction.sites.targetSiteId}`,
            ),
          );
        }
      });
    }

    for (const [key, steps] of [
      ['before', before],
      ['after', after],
    ] as const) {
      violations.push(...validateSteps(steps, fieldPath(groupPath, key), pairsById));
    }
  });
  return violations;
}

function validateSteps(
  steps: unknown,
  path: string,
  pairsById: ReadonlyMap<string, PairSites>,
): DomainViolation[] {
  // Omitted before/after lists mean "no steps".
  if (steps === undefined) {
    return [];
  }
  if (!Array.isArray(steps)) {
    return [violation(path, 'invalid-type', `${path.split('.').pop()} must be a list of steps`)];
  }
  return steps.flatMap((step: unknown, i) => {
    const stepPath = fieldPath(path, i);
    const problems = validateStep(step, stepPath);
    return problems.length > 0 ? problems : stepReferences(step as PlanStep, stepPath, pairsById);
  });
}

function stepReferences(
  step: PlanStep,
  path: string,
  pairsById: ReadonlyMap<string, PairSites>,
): DomainViolation[] {
  if (step.kind === 'database-promote' && !pairsById.has(step.pairId)) {
    return [violation(fieldPath(path, 'pairId'), 'unknown-pair', `pair ${step.pairId} does not exist`)];
  }
  if (step.kind === 'health-check') {
    const pairId = healthCheckPairId(step.target);
    if (pairId !== null && !pairsById.has(pairId)) {
      return [violation(fieldPath(path, 'target'), 'unknown-pair', `pair ${pairId} does not exist`)];
    }
  }
  return [];
}

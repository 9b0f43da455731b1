import { stepView } from '../plan-secrets';
import type { PlanEntity } from '../plan.entity';

/** The sites a plan fails over between, from its pairs (null while it has none that exist). */
export interface PlanDirection {
  sourceSiteId: string | null;
  targetSiteId: string | null;
}

/** Step secrets never leave the service: each webhook and dns-update step says only `secretSet`. */
export function toPlanResponse(plan: PlanEntity, direction: PlanDirection) {
  return {
    id: plan.id,
    name: plan.name,
    applicationId: plan.applicationId,
    description: plan.description,
    sourceSiteId: direction.sourceSiteId,
    targetSiteId: direction.targetSiteId,
    groups: plan.groups.map((g) => ({
      name: g.name,
      pairIds: g.pairIds,
      before: g.before.map(stepView),
      after: g.after.map(stepView),
    })),
    version: plan.version,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

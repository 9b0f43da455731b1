import { orderPlansByTier, ProtectionOption } from '@twinsite/core';
import type { SiteFinding } from './combined-preflight';

export interface EstateApplication {
  id: string;
  name: string;
  tier: number;
  protection: ProtectionOption;
  optIn: boolean;
  rpoSeconds: number;
  rtoSeconds: number;
}

export interface EstatePair {
  id: string;
  applicationId: string;
  name: string;
  sourceSiteId: string;
  targetSiteId: string;
  lagSeconds: number | null;
  lastRecoveryPointAt: string | null;
  state: string;
}

export interface EstatePlan {
  id: string;
  name: string;
  applicationId: string;
  sourceSiteId: string | null;
  targetSiteId: string | null;
  pairIds: string[];
}

export interface NotFailedOver {
  applicationId: string;
  name: string;
  protection: ProtectionOption;
  optIn: boolean;
  reason: string;
}

export interface IncludedPlan {
  plan: EstatePlan;
  application: EstateApplication;
  position: number;
}

export interface SiteScope {
  /** Plans that fail over, most critical tier first (then by name): the order they start in. */
  plans: IncludedPlan[];
  /** Applications at the site that do not come back with a site failover, and why. */
  notFailedOver: NotFailedOver[];
  /** Things worth knowing that do not change what is failed over. */
  warnings: SiteFinding[];
}

/** Why an application is not failed over with its site; null when it is. */
export function exclusionReason(
  app: Pick<EstateApplication, 'protection' | 'optIn'>,
  plans: number,
): string | null {
  if (app.protection !== 'replication')
    return `protection is ${app.protection}: it is not failed over by a recovery plan`;
  if (!app.optIn) return 'the application has not opted in to failover';
  if (plans === 0) return 'no recovery plan covers its pairs at this site';
  return null;
}

/**
 * What a site failover of `siteId` covers: every plan whose pairs have the site as their
 * source, of an application protected by replication that opted in. Every other
 * application with pairs at the site is listed with the reason, so that nobody assumes
 * it came back.
 */
export function siteScope(
  siteId: string,
  applications: ReadonlyMap<string, EstateApplication>,
  pairs: readonly EstatePair[],
  plans: readonly EstatePlan[],
): SiteScope {
  const sitePlans = plans.filter((p) => p.sourceSiteId === siteId);
  const appIds = new Set<string>([
    ...pairs.map((p) => p.applicationId),
    ...sitePlans.map((p) => p.applicationId),
  ]);
  const notFailedOver: NotFailedOver[] = [];
  const included: Array<{ plan: EstatePlan; application: EstateApplication }> = [];
  const warnings: SiteFinding[] = [];
  for (const id of appIds) {
    const app = applications.get(id);
    if (!app) continue;
    const own = sitePlans.filter((p) => p.applicationId === id);
    const reason = exclusionReason(app, own.length);
    if (reason) {
      notFailedOver.push({
        applicationId: app.id,
        name: app.name,
        protection: app.protection,
        optIn: app.optIn,
        reason,
      });
      continue;
    }
    for (const plan of own) included.push({ plan, application: app });
    const covered = new Set(own.flatMap((p) => p.pairIds));
    const uncovered = pairs.filter((p) => p.applicationId === id && !covered.has(p.id));
    if (uncovered.length > 0) {
      warnings.push({
        severity: 'warning',
        code: 'pairs-not-in-plan',
        message: `${app.name}: ${uncovered.length} pair(s) at this site are in no recovery plan and are not failed over (${uncovered
          .slice(0, 5)
          .map((p) => p.name)
          .join(', ')}${uncovered.length > 5 ? ', …' : ''})`,
        applicationId: app.id,
      });
    }
  }
  const ordered = orderPlansByTier(
    included.map((x) => ({ id: x.plan.id, tier: x.application.tier, name: x.plan.name, x })),
  );
  notFailedOver.sort((a, b) => a.name.localeCompare(b.name));
  return { plans: ordered.map((o, position) => ({ ...o.x, position })), notFailedOver, warnings };
}

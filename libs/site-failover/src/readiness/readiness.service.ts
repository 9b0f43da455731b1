import { Inject, Injectable } from '@nestjs/common';
import { applicationVerdict, ApplicationVerdict, estimateSiteRtoSeconds } from '@twinsite/core';
import type { Finding } from '@twinsite/failover';
import { combinedFindings } from '../domain/combined-preflight';
import { EstateApplication, siteScope } from '../domain/site-estate';
import { EstatePairDetail, SiteEstateReader } from '../estate/site-estate.reader';
import { SITE_FAILOVER_OPTIONS, SiteFailoverOptions } from '../site-failover.options';
import { BatchPreflight, PlanCheck } from './batch-preflight';
import { DrillRecords, PlanDrill } from './drill-records';

/** now minus the newest recovery point (it keeps growing while the source or the link is down); the sampled lag when no point is known. */
export function currentLagSeconds(
  pair: Pick<EstatePairDetail, 'lagSeconds' | 'lastRecoveryPointAt'>,
  nowMs: number,
): number | null {
  if (pair.lastRecoveryPointAt) {
    const at = Date.parse(pair.lastRecoveryPointAt);
    if (!Number.isNaN(at)) return Math.max(0, (nowMs - at) / 1000);
  }
  return pair.lagSeconds ?? null;
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/**
 * Readiness of a site: for every application with pairs at the site, could it be
 * failed over within its objectives today, and for the site, how many would come back,
 * in how long, with how much data lost. Everything is read in batches (a few
 * statements and one read of each target site whatever the number of applications),
 * and the plans are dry-run as an unplanned failover: the site is assumed lost, so it
 * is never asked.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly reader: SiteEstateReader,
    private readonly preflight: BatchPreflight,
    private readonly drills: DrillRecords,
    @Inject(SITE_FAILOVER_OPTIONS) private readonly options: SiteFailoverOptions,
  ) {}

  async forSite(siteId: string, plansInFlight = this.options.plansInFlight) {
    const t0 = performance.now();
    const estate = await this.reader.load(siteId);
    const scope = siteScope(siteId, estate.applications, estate.pairs, estate.plans);
    const included = scope.plans.map((x) => x.plan);
    const pairsById = new Map(estate.pairs.map((p) => [p.id, p]));
    const [batch, drills] = await Promise.all([
      this.preflight.check(siteId, 'unplanned', included, pairsById, estate.applications),
      this.drills.lastDrills(
        [...estate.applications.keys()],
        estate.plans.map((p) => p.id),
      ),
    ]);
    const nowMs = Date.now();
    const checks = batch.plans;
    // What only all plans together can fail (the target's cores for every plan at once, an address wanted twice).
    const siteFindings = combinedFindings(
      'unplanned',
      scope.plans.map(({ plan }) => ({
        planId: plan.id,
        planName: plan.name,
        applicationId: plan.applicationId,
        targetSiteId: plan.targetSiteId,
        findings: [],
        members: checks.get(plan.id)?.members ?? [],
      })),
      new Map(
        [...batch.targets.values()].map((t) => [
          t.siteId,
          {
            siteId: t.siteId,
            siteName: t.siteName,
            error: t.facts.error,
            sizes: t.facts.sizes,
            quota: t.facts.quota,
            vms: t.facts.inventory?.vms,
          },
        ]),
      ),
    );

    const pairsByApp = groupBy(estate.pairs, (p) => p.applicationId);
    const plansByApp = groupBy(included, (p) => p.applicationId);
    const sitePlansByApp = groupBy(
      estate.plans.filter((p) => p.sourceSiteId === siteId),
      (p) => p.applicationId,
    );
    const excluded = new Map(scope.notFailedOver.map((n) => [n.applicationId, n]));

    const applications = [...estate.applications.values()]
      .filter((app) => pairsByApp.has(app.id) || sitePlansByApp.has(app.id))
      .sort((a, b) => a.tier - b.tier || a.name.localeCompare(b.name))
      .map((app) => {
        const plans = plansByApp.get(app.id) ?? [];
        const appPlanIds = (sitePlansByApp.get(app.id) ?? []).map((p) => p.id);
        const lag = lagOf(pairsByApp.get(app.id) ?? [], app, nowMs);
        const drill = newest(appPlanIds.map((id) => drills.get(id)).filter((d): d is PlanDrill => !!d));
        const planChecks = plans.map((p) => ({ plan: p, check: checks.get(p.id) }));
        const label = (planName: string, f: Finding) =>
          plans.length > 1 ? `${planName}: ${f.message}` : f.message;
        const errors = planChecks.flatMap(({ plan, check }) =>
          (check?.findings ?? []).filter((f) => f.severity === 'error').map((f) => label(plan.name, f)),
        );
        const warnings = planChecks.flatMap(({ plan, check }) =>
          (check?.findings ?? []).filter((f) => f.severity === 'warning').map((f) => label(plan.name, f)),
        );
        const verdict = this.verdict(
          app,
          appPlanIds.length > 0,
          lag.currentSeconds,
          drill,
          errors,
          warnings,
          nowMs,
        );
        const notFailedOver = excluded.get(app.id);
        return {
          applicationId: app.id,
          name: app.name,
          tier: app.tier,
          protection: app.protection,
          optIn: app.optIn,
          rpoSeconds: app.rpoSeconds,
          rtoSeconds: app.rtoSeconds,
          verdict: verdict.verdict,
          reasons: verdict.reasons,
          warnings: verdict.warnings,
          wouldFailOver: !notFailedOver,
          wouldComeBack: !notFailedOver && errors.length === 0,
          notFailedOverReason: notFailedOver?.reason ?? null,
          lag,
          lastDrill: drill
            ? {
                runId: drill.runId,
                planId: drill.planId,
                at: drill.at,
                state: drill.state,
                achievedRtoSeconds: round(drill.achievedRtoSeconds),
                rtoSeconds: app.rtoSeconds,
                metRto: drill.achievedRtoSeconds === null ? null : drill.achievedRtoSeconds <= app.rtoSeconds,
                cleanupCompleted: drill.cleanupCompleted,
              }
            : null,
          plans: planChecks.map(({ plan, check }) => planPreflight(plan.id, plan.name, check)),
        };
      });

    const comingBack = applications.filter((a) => a.wouldComeBack);
    const failingOver = applications.filter((a) => a.wouldFailOver);
    const lags = failingOver.map((a) => a.lag.currentSeconds);
    const known = lags.filter((l): l is number => l !== null);
    const estimate = estimateSiteRtoSeconds(
      scope.plans.map(({ plan }) => ({
        lastAchievedRtoSeconds: drills.get(plan.id)?.achievedRtoSeconds ?? null,
        name: plan.name,
      })),
      plansInFlight,
    );
    return {
      siteId,
      siteName: estate.site.name,
      checkedAt: new Date(nowMs).toISOString(),
      plansInFlight,
      summary: {
        applications: applications.length,
        wouldFailOver: failingOver.length,
        wouldComeBack: comingBack.length,
        ready: applications.filter((a) => a.verdict === 'ready').length,
        atRisk: applications.filter((a) => a.verdict === 'at-risk').length,
        notProtected: applications.filter((a) => a.verdict === 'not-protected').length,
        plans: scope.plans.length,
        estimatedRtoSeconds: estimate.rtoSeconds === null ? null : round(estimate.rtoSeconds),
        estimatedRto: { ...estimate, rtoSeconds: round(estimate.rtoSeconds) },
        /** The data that would be lost if the site went now: the worst current lag of what would be failed over. */
        dataLossSeconds: known.length ? round(Math.max(...known)) : null,
        dataLossUnknown: lags.length - known.length,
        /** Findings of the site as a whole: errors here stop a site failover even when every plan is fine alone. */
        siteFindings,
        siteBlocked: siteFindings.some((f) => f.severity === 'error'),
        warnings: scope.warnings,
      },
      applications,
      tookMs: Math.round(performance.now() - t0),
    };
  }

  private verdict(
    app: EstateApplication,
    hasPlan: boolean,
    lag: number | null,
    drill: PlanDrill | null,
    errors: string[],
    warnings: string[],
    nowMs: number,
  ): ApplicationVerdict {
    try {
      return applicationVerdict({
        protection: app.protection,
        optIn: app.optIn,
        hasPlan,
        currentLagSeconds: lag,
        rpoSeconds: app.rpoSeconds,
        rtoSeconds: app.rtoSeconds,
        lastDrill: drill
          ? {
              at: Date.parse(drill.at),
              achievedRtoSeconds: drill.achievedRtoSeconds,
              cleanupCompleted: drill.cleanupCompleted,
            }
          : null,
        preflightErrors: errors,
        preflightWarnings: warnings,
        ...(this.options.maxDrillAgeSeconds > 0
          ? { nowMs, maxDrillAgeSeconds: this.options.maxDrillAgeSeconds }
          : {}),
      });
    } catch (error) {
      return { verdict: 'at-risk', reasons: [`cannot judge: ${(error as Error).message}`], warnings };
    }
  }
}

function planPreflight(planId: string, name: string, check: PlanCheck | undefined) {
  const findings = check?.findings ?? [];
  return {
    planId,
    name,
    ok: !findings.some((f) => f.severity === 'error'),
    errors: findings.filter((f) => f.severity === 'error'),
    warnings: findings.filter((f) => f.severity === 'warning'),
  };
}

function lagOf(pairs: readonly EstatePairDetail[], app: EstateApplication, nowMs: number) {
  let worst: { pairId: string; seconds: number } | null = null;
  let unknown = 0;
  for (const p of pairs) {
    const lag = currentLagSeconds(p, nowMs);
    if (lag === null) {
      unknown++;
      continue;
    }
    if (!worst || lag > worst.seconds) worst = { pairId: p.id, seconds: lag };
  }
  // One pair with an unknown lag makes the application's lag unknown: its worst is not known.
  const current = pairs.length === 0 || unknown > 0 ? null : worst!.seconds;
  return {
    currentSeconds: round(current),
    rpoSeconds: app.rpoSeconds,
    withinRpo: current === null ? null : current <= app.rpoSeconds,
    worstPairId: worst?.pairId ?? null,
    worstKnownSeconds: round(worst?.seconds ?? null),
    pairs: pairs.length,
    unknownPairs: unknown,
  };
}

function newest(drills: PlanDrill[]): PlanDrill | null {
  return drills.reduce<PlanDrill | null>((best, d) => (!best || d.at > best.at ? d : best), null);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

import { HttpException, Inject, Injectable } from '@nestjs/common';
import { ARM_GATEWAY, ArmGateway, mapLimit, RunKind } from '@twinsite/core';
import { RunQueries, RunStarter } from '@twinsite/failover';
import { SiteService } from '@twinsite/sites';
import {
  combinedFindings,
  MemberFacts,
  PlanPreflight,
  SiteFinding,
  TargetCapacity,
} from '../domain/combined-preflight';
import { IncludedPlan, siteScope, SiteScope } from '../domain/site-estate';
import { SiteEstate, SiteEstateReader } from '../estate/site-estate.reader';
import { SITE_FAILOVER_OPTIONS, SiteFailoverOptions } from '../site-failover.options';

export interface SitePreflightResult {
  estate: SiteEstate;
  scope: SiteScope;
  findings: SiteFinding[];
  plans: PlanPreflight[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one preflight of a site failover, before anything changes: each plan's own
 * preflight (the engine's dry run, exactly what a start of that plan checks), then what
 * only all of them together can fail: the target's cores for every plan at once, a
 * static address or a VM name wanted by two plans, a plan that already has a run. An
 * unplanned site failover never reads the source site (the dry runs of an unplanned
 * failover do not either).
 */
@Injectable()
export class SitePreflight {
  constructor(
    private readonly reader: SiteEstateReader,
    private readonly starter: RunStarter,
    private readonly runs: RunQueries,
    private readonly sites: SiteService,
    @Inject(ARM_GATEWAY) private readonly gateway: ArmGateway,
    @Inject(SITE_FAILOVER_OPTIONS) private readonly options: SiteFailoverOptions,
  ) {}

  async check(siteId: string, kind: RunKind): Promise<SitePreflightResult> {
    const estate = await this.reader.load(siteId);
    const scope = siteScope(siteId, estate.applications, estate.pairs, estate.plans);
    const plans = await mapLimit(scope.plans, this.options.preflightConcurrency, (p) =>
      this.planPreflight(p, kind),
    );
    const targets = await this.readTargets(plans);
    const findings = [...combinedFindings(kind, plans, targets), ...scope.warnings];
    return { estate, scope, findings, plans };
  }

  private async planPreflight({ plan }: IncludedPlan, kind: RunKind): Promise<PlanPreflight> {
    const base = {
      planId: plan.id,
      planName: plan.name,
      applicationId: plan.applicationId,
      targetSiteId: plan.targetSiteId,
    };
    const findings: PlanPreflight['findings'][number][] = [];
    let members: MemberFacts[] = [];
    try {
      const dry = await this.starter.dryRun(plan.id, kind, 'latest');
      findings.push(...dry.findings);
      members = dry.members;
    } catch (error) {
      const body = error instanceof HttpException ? (error.getResponse() as any)?.error : undefined;
      findings.push({
        severity: 'error',
        code: body?.code ?? 'preflight-unavailable',
        message: body?.message ?? describe(error),
      });
    }
    const active = await this.runs.findActive(plan.id);
    if (active) {
      findings.push({
        severity: 'error',
        code: 'run-active',
        message: `plan ${plan.name} already has an active run ${active.id} (${active.kind}, ${active.state}); finish or cancel it first`,
      });
    }
    return { ...base, findings, members };
  }

  /** One read of each target site's sizes and quota (and its VMs, when a plan starts standby VMs), for all plans at once. */
  private async readTargets(plans: readonly PlanPreflight[]): Promise<Map<string, TargetCapacity>> {
    const ids = [...new Set(plans.map((p) => p.targetSiteId).filter((id): id is string => !!id))];
    const sites = await this.sites.findByIds(ids);
    const out = new Map<string, TargetCapacity>();
    await Promise.all(
      sites.map(async (site) => {
        const connection = this.sites.toConnection(site);
        const standby = plans.some(
          (p) => p.targetSiteId === site.id && p.members.some((m) => m.mode === 'standby'),
        );
        try {
          const [sizes, quota, inventory] = await Promise.all([
            this.gateway.vmSizes(connection),
            this.gateway.coreQuota(connection),
            standby ? this.gateway.inventory(connection) : Promise.resolve(undefined),
          ]);
          out.set(site.id, { siteId: site.id, siteName: site.name, sizes, quota, vms: inventory?.vms });
        } catch (error) {
          // Each plan's own preflight already says the target cannot be read.
          out.set(site.id, { siteId: site.id, siteName: site.name, error: describe(error) });
        }
      }),
    );
    return out;
  }
}

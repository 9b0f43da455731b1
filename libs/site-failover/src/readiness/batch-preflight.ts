import { Inject, Injectable } from '@nestjs/common';
import {
  ARM_GATEWAY,
  ArmGateway,
  normaliseArmResourceId,
  RecoveryPoint,
  RunKind,
  SiteConnection,
  recoveryPointResourceGroup,
} from '@twinsite/core';
import type { Finding, MemberPlan } from '@twinsite/failover';
import { NetworkMappingService } from '@twinsite/network-mappings';
import { SiteEntity, SiteService } from '@twinsite/sites';
import type { EstateApplication, EstatePlan } from '../domain/site-estate';
import type { EstatePairDetail } from '../estate/site-estate.reader';
import { checkTarget, MappingFacts, resolveMember, TargetFacts } from './failover-rules';

export interface TargetRead {
  siteId: string;
  siteName: string;
  facts: TargetFacts;
}

export interface BatchResult {
  plans: Map<string, PlanCheck>;
  /** What each target site said, read once. */
  targets: Map<string, TargetRead>;
}

export interface PlanCheck {
  planId: string;
  findings: Finding[];
  members: MemberPlan[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A dry run of many plans at once, as the engine's preflight would run each of them for
 * an unplanned failover (the source is never asked): one read of each target site
 * (inventory, sizes, quota, recovery points per resource group) and one read of its
 * network mappings, reused by every plan going there, instead of one set per plan.
 * Concurrent callers share a target's read while it is in flight.
 */
@Injectable()
export class BatchPreflight {
  private readonly inFlight = new Map<string, Promise<TargetFacts>>();

  constructor(
    private readonly sites: SiteService,
    private readonly mappings: NetworkMappingService,
    @Inject(ARM_GATEWAY) private readonly gateway: ArmGateway,
  ) {}

  async check(
    sourceSiteId: string,
    kind: RunKind,
    plans: readonly EstatePlan[],
    pairs: ReadonlyMap<string, EstatePairDetail>,
    applications: ReadonlyMap<string, EstateApplication>,
  ): Promise<BatchResult> {
    const out = new Map<string, PlanCheck>();
    const targets = new Map<string, TargetRead>();
    const byTarget = new Map<string, EstatePlan[]>();
    for (const plan of plans) {
      if (!plan.targetSiteId) {
        out.set(plan.id, {
          planId: plan.id,
          findings: [
            { severity: 'error', code: 'plan-empty', message: `plan ${plan.name} has no pairs to fail over` },
          ],
          members: [],
        });
        continue;
      }
      byTarget.set(plan.targetSiteId, [...(byTarget.get(plan.targetSiteId) ?? []), plan]);
    }
    const targetSites = new Map((await this.sites.findByIds([...byTarget.keys()])).map((s) => [s.id, s]));
    await Promise.all(
      [...byTarget].map(async ([targetSiteId, group]) => {
        const site = targetSites.get(targetSiteId);
        const groupPairs = group.flatMap((p) =>
          p.pairIds.map((id) => pairs.get(id)).filter((p): p is EstatePairDetail => !!p),
        );
        const [facts, mappings] = await Promise.all([
          site
            ? this.readTarget(site, groupPairs)
            : Promise.resolve<TargetFacts>({ error: `site ${targetSiteId} does not exist` }),
          this.mappings.findBySites(sourceSiteId, targetSiteId),
        ]);
        targets.set(targetSiteId, { siteId: targetSiteId, siteName: site?.name ?? targetSiteId, facts });
        const pointsBySource = indexPoints(facts.recoveryPoints ?? []);
        for (const plan of group) {
          const app = applications.get(plan.applicationId);
          out.set(
            plan.id,
            this.checkPlan(
              kind,
              plan,
              pairs,
              app,
              facts,
              pointsBySource,
              mappings as unknown as MappingFacts[],
            ),
          );
        }
      }),
    );
    return { plans: out, targets };
  }

  private checkPlan(
    kind: RunKind,
    plan: EstatePlan,
    pairs: ReadonlyMap<string, EstatePairDetail>,
    app: EstateApplication | undefined,
    facts: TargetFacts,
    pointsBySource: Map<string, RecoveryPoint[]>,
    mappings: MappingFacts[],
  ): PlanCheck {
    const runId = `readiness-${plan.id}`;
    const findings: Finding[] = [];
    const members: MemberPlan[] = [];
    for (const id of plan.pairIds) {
      const pair = pairs.get(id);
      if (!pair) {
        findings.push({
          severity: 'error',
          code: 'pair-missing',
          message: `pair ${id} no longer exists`,
          pairId: id,
        });
        continue;
      }
      const resolved = resolveMember({
        kind,
        runId,
        pair,
        mappings,
        sourceVm: undefined,
        sourceVnets: undefined,
        targetVnets: facts.inventory?.vnets,
      });
      findings.push(...resolved.findings);
      if (resolved.member) members.push(resolved.member);
    }
    // Only this plan's recovery points: the rule scans the list once per member.
    const recoveryPoints = facts.recoveryPoints
      ? members.flatMap((m) => pointsBySource.get(normaliseArmResourceId(m.sourceVmId)) ?? [])
      : undefined;
    const checked = checkTarget({
      kind,
      runId,
      recoveryPoint: 'latest',
      rpoSeconds: app?.rpoSeconds ?? 1,
      now: new Date(),
      members,
      target: facts.inventory ? { ...facts, recoveryPoints } : facts,
    });
    findings.push(...checked.findings);
    for (const m of members) {
      const at = checked.recoveryPointAt.get(m.pairId);
      if (at) m.expectedRecoveryPointAt = at;
    }
    return { planId: plan.id, findings: dedupe(findings), members };
  }

  /** What the engine's preflight reads of a target, once for every plan going there. */
  private readTarget(site: SiteEntity, pairs: readonly EstatePairDetail[]): Promise<TargetFacts> {
    const groups = new Set<string | undefined>();
    for (const p of pairs) {
      if (p.target.mode === 'standby') continue;
      groups.add(recoveryPointResourceGroup(p.lagSourceKind, p.lagSourceSettings));
    }
    // A subscription-wide list covers every resource group.
    const lists = groups.has(undefined) ? [undefined] : [...groups];
    const key = `${site.id}|${lists
      .map((g) => g ?? '*')
      .sort()
      .join(',')}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const read = this.read(this.sites.toConnection(site), lists).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, read);
    return read;
  }

  private async read(site: SiteConnection, groups: Array<string | undefined>): Promise<TargetFacts> {
    try {
      const [inventory, sizes, quota, ...points] = await Promise.all([
        this.gateway.inventory(site),
        this.gateway.vmSizes(site),
        this.gateway.coreQuota(site),
        ...groups.map((rg) =>
          this.gateway.listRecoveryPoints(site, rg ? { resourceGroup: rg } : {}).catch((error: unknown) => {
            if ((error as { status?: number }).status === 404) return [];
            throw error;
          }),
        ),
      ]);
      return { inventory, sizes, quota, recoveryPoints: points.flat() };
    } catch (error) {
      return { error: describe(error) };
    }
  }
}

function indexPoints(points: readonly RecoveryPoint[]): Map<string, RecoveryPoint[]> {
  const index = new Map<string, RecoveryPoint[]>();
  for (const p of points) {
    const key = normaliseArmResourceId(p.sourceResourceId);
    const list = index.get(key);
    if (list) list.push(p);
    else index.set(key, [p]);
  }
  return index;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.severity}|${f.code}|${f.pairId ?? ''}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

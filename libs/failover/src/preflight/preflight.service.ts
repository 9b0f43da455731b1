import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ApplicationService } from '@twinsite/applications';
import {
  ARM_GATEWAY,
  ArmGateway,
  PlanStep,
  RunKind,
  sameArmResourceId,
  SiteConnection,
  SiteInventory,
  recoveryPointResourceGroup,
} from '@twinsite/core';
import { NetworkMappingService } from '@twinsite/network-mappings';
import { PlanService } from '@twinsite/plans';
import { PairEntity, PairService } from '@twinsite/replication';
import { AppException, SecretBox } from '@twinsite/shared';
import { SiteService } from '@twinsite/sites';
import { MappingFacts, resolveMember } from '../planning/member-plan';
import { Finding, MemberPlan, RunSnapshot, SnapshotStep } from '../planning/run-snapshot';
import { checkTarget, TargetFacts } from './preflight-rules';

export interface PreflightResult {
  findings: Finding[];
  members: MemberPlan[];
  snapshot: RunSnapshot;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Preflight: before anything changes, what would stop this failover or make it
 * worse than expected. It reads (never writes) the target site and, except for an
 * unplanned failover, the source site; the same check backs the dry run
 * (`POST /plans/{id}/preflight`) and every start. It also resolves how each pair will
 * come up, which is what the run then keeps as its snapshot.
 */
@Injectable()
export class PreflightService {
  constructor(
    private readonly plans: PlanService,
    private readonly pairs: PairService,
    private readonly mappings: NetworkMappingService,
    private readonly applications: ApplicationService,
    private readonly sites: SiteService,
    private readonly secrets: SecretBox,
    @Inject(ARM_GATEWAY) private readonly gateway: ArmGateway,
  ) {}

  async check(planId: string, kind: RunKind, recoveryPoint: string, runId: string): Promise<PreflightResult> {
    const plan = await this.plans.getForRun(planId);
    if (!plan.sourceSiteId || !plan.targetSiteId) {
      throw new AppException(
        HttpStatus.CONFLICT,
        'plan-empty',
        `plan ${plan.name} has no pairs to fail over`,
      );
    }
    const pairIds = plan.groups.flatMap((g) => g.pairIds);
    const [application, pairs, mappings, sites] = await Promise.all([
      this.applications.get(plan.applicationId),
      this.pairs.findByIds(pairIds),
      this.mappings.findBySites(plan.sourceSiteId, plan.targetSiteId),
      this.sites.findByIds([plan.sourceSiteId, plan.targetSiteId]),
    ]);
    const sourceSite = sites.find((s) => s.id === plan.sourceSiteId)!;
    const targetSite = sites.find((s) => s.id === plan.targetSiteId)!;
    const findings: Finding[] = [];
    const byId = new Map(pairs.map((p) => [p.id, p]));
    for (const id of pairIds)
      if (!byId.has(id))
        findings.push({
          severity: 'error',
          code: 'pair-missing',
          message: `pair ${id} no longer exists`,
          pairId: id,
        });

    const target = this.sites.toConnection(targetSite);
    const source = kind === 'unplanned' ? null : this.sites.toConnection(sourceSite);
    const [targetFacts, sourceInventory] = await Promise.all([
      this.readTarget(target, pairs),
      source ? this.readSource(source) : Promise.resolve(null),
    ]);
    if (source && sourceInventory && 'error' in sourceInventory) {
      findings.push(
        kind === 'planned'
          ? {
              severity: 'error',
              code: 'source-unreachable',
              message: `a planned failover stops the source first, and the source site cannot be read: ${sourceInventory.error}`,
            }
          : {
              severity: 'warning',
              code: 'source-unreachable',
              message: `the source site cannot be read (${sourceInventory.error}); the test is planned from the pairs and mappings alone`,
            },
      );
    }
    const sourceInv = sourceInventory && !('error' in sourceInventory) ? sourceInventory : undefined;

    const members: MemberPlan[] = [];
    for (const pair of pairIds.map((id) => byId.get(id)).filter((p): p is PairEntity => !!p)) {
      let sourceVm = sourceInv?.vms.find((v) => sameArmResourceId(v.id, pair.sourceResourceId));
      if (sourceInv && !sourceVm) {
        findings.push({
          severity: kind === 'planned' ? 'error' : 'warning',
          code: 'source-vm-missing',
          message: `${pair.name}: VM ${pair.sourceResourceId} does not exist at the source`,
          pairId: pair.id,
        });
        sourceVm = undefined;
      }
      const resolved = resolveMember({
        kind,
        runId,
        pair: { ...pair, lagSourceSettings: pair.lagSourceSettings ?? {} },
        mappings: mappings as unknown as MappingFacts[],
        sourceVm,
        sourceVnets: sourceInv?.vnets,
        targetVnets: targetFacts.inventory?.vnets,
      });
      findings.push(...resolved.findings);
      if (resolved.member) members.push(resolved.member);
    }
    const checked = checkTarget({
      kind,
      runId,
      recoveryPoint,
      rpoSeconds: application.rpoSeconds,
      now: new Date(),
      members,
      target: targetFacts,
    });
    findings.push(...checked.findings);
    for (const m of members) {
      const at = checked.recoveryPointAt.get(m.pairId);
      if (at) m.expectedRecoveryPointAt = at;
    }

    const snapshot: RunSnapshot = {
      plan: { id: plan.id, name: plan.name, version: plan.version },
      application: {
        id: application.id,
        name: application.name,
        rpoSeconds: application.rpoSeconds,
        rtoSeconds: application.rtoSeconds,
      },
      sourceSite: { id: sourceSite.id, name: sourceSite.name },
      targetSite: { id: targetSite.id, name: targetSite.name },
      groups: plan.groups.map((g) => ({
        name: g.name,
        pairIds: g.pairIds,
        before: g.before.map((s) => this.seal(s)),
        after: g.after.map((s) => this.seal(s)),
      })),
      members: Object.fromEntries(members.map((m) => [m.pairId, m])),
    };
    return { findings: dedupe(findings), members, snapshot };
  }

  /** The run keeps step secrets sealed; they are opened by the step that uses them, when it runs. */
  private seal(step: Record<string, unknown>): SnapshotStep {
    const { secret, ...rest } = step;
    return (typeof secret === 'string'
      ? { ...rest, secretSealed: this.secrets.seal(secret) }
      : rest) as unknown as PlanStep;
  }

  private async readTarget(site: SiteConnection, pairs: PairEntity[]): Promise<TargetFacts> {
    const groups = new Set<string | undefined>();
    for (const p of pairs) {
      if (p.target.mode === 'standby') continue;
      groups.add(recoveryPointResourceGroup(p.lagSourceKind, p.lagSourceSettings));
    }
    try {
      const [inventory, sizes, quota, ...points] = await Promise.all([
        this.gateway.inventory(site),
        this.gateway.vmSizes(site),
        this.gateway.coreQuota(site),
        ...[...groups].map((rg) =>
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

  private async readSource(site: SiteConnection): Promise<SiteInventory | { error: string }> {
    try {
      return await this.gateway.inventory(site);
    } catch (error) {
      return { error: describe(error) };
    }
  }
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

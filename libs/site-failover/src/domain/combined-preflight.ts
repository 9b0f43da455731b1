import type { CoreQuota, RunKind, VmSizeInfo } from '@twinsite/core';

/** A preflight finding of a site failover: the plan's own findings, tagged with the plan, and the combined ones. */
export interface SiteFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  pairId?: string;
  planId?: string;
  planName?: string;
  applicationId?: string;
  siteId?: string;
}

/** What a combined check needs of one member of a plan (the per-plan preflight resolved it). */
export interface MemberFacts {
  pairId: string;
  pairName: string;
  mode: 'from-recovery-point' | 'standby';
  vmName: string;
  resourceGroup: string;
  size?: string;
  subnetId?: string;
  privateIp: string | null;
  standbyVmId?: string;
}

export interface PlanPreflight {
  planId: string;
  planName: string;
  applicationId: string;
  targetSiteId: string | null;
  findings: ReadonlyArray<{ severity: 'error' | 'warning'; code: string; message: string; pairId?: string }>;
  members: readonly MemberFacts[];
}

/** What the target site said, read once for every plan going there. */
export interface TargetCapacity {
  siteId: string;
  siteName: string;
  error?: string;
  sizes?: readonly VmSizeInfo[];
  quota?: CoreQuota;
  /** Standby VMs at the target: their size and whether they already run (then they hold their cores already). */
  vms?: ReadonlyArray<{ id: string; size: string; powerState: string }>;
}

const lower = (s: string | undefined | null) => (s ?? '').toLowerCase();
const lastSegment = (id: string | undefined) => (id ? (id.split('/').filter(Boolean).pop() ?? id) : '');

/** Cores a plan takes at the target once failed over (what checkTarget counts for one plan). */
export function coresNeeded(
  members: readonly MemberFacts[],
  target: TargetCapacity,
): { cores: number; unknownSizes: string[] } {
  const sizes = new Map((target.sizes ?? []).map((s) => [lower(s.name), s.cores]));
  let cores = 0;
  const unknownSizes: string[] = [];
  for (const m of members) {
    if (m.mode === 'from-recovery-point') {
      const c = m.size ? sizes.get(lower(m.size)) : undefined;
      if (c === undefined) unknownSizes.push(m.size ?? '?');
      cores += c ?? 0;
      continue;
    }
    const vm = (target.vms ?? []).find((v) => lower(v.id) === lower(m.standbyVmId));
    if (vm && vm.powerState !== 'running' && vm.powerState !== 'starting')
      cores += sizes.get(lower(vm.size)) ?? 0;
  }
  return { cores, unknownSizes };
}

/**
 * The checks no single plan can make: every plan may fit at the target alone while all
 * of them together do not. The cores of all plans against the target's free quota,
 * one static address wanted by two plans, one VM name in one resource group wanted by
 * two plans. The plans' own findings come along, tagged with the plan they belong to.
 */
export function combinedFindings(
  kind: RunKind,
  plans: readonly PlanPreflight[],
  targets: ReadonlyMap<string, TargetCapacity>,
): SiteFinding[] {
  const findings: SiteFinding[] = [];
  for (const plan of plans) {
    for (const f of plan.findings)
      findings.push({
        ...f,
        planId: plan.planId,
        planName: plan.planName,
        applicationId: plan.applicationId,
      });
  }

  // Capacity, per target site.
  const byTarget = new Map<string, PlanPreflight[]>();
  for (const plan of plans) {
    if (!plan.targetSiteId) continue;
    byTarget.set(plan.targetSiteId, [...(byTarget.get(plan.targetSiteId) ?? []), plan]);
  }
  for (const [siteId, group] of byTarget) {
    const target = targets.get(siteId);
    if (!target || target.error || !target.quota || group.length < 2) continue;
    const perPlan = group
      .map((p) => ({ plan: p, cores: coresNeeded(p.members, target).cores }))
      .filter((x) => x.cores > 0);
    const total = perPlan.reduce((n, x) => n + x.cores, 0);
    const free = Math.max(0, target.quota.limit - target.quota.used);
    if (total > free) {
      findings.push({
        severity: 'error',
        code: 'core-quota-combined',
        message:
          `the site failover needs ${total} cores at ${target.siteName}, ${free} available (${target.quota.used} of ${target.quota.limit} in use); ` +
          `short by ${total - free}: ${perPlan.map((x) => `${x.plan.planName} ${x.cores}`).join(', ')}`,
        siteId,
      });
    }
  }

  // Addresses and names wanted by two plans.
  const ips = new Map<string, { plan: PlanPreflight; member: MemberFacts }>();
  const names = new Map<string, { plan: PlanPreflight; member: MemberFacts }>();
  for (const plan of plans) {
    for (const m of plan.members) {
      if (m.mode !== 'from-recovery-point') continue;
      if (m.privateIp) {
        const key = `${plan.targetSiteId}|${lower(m.subnetId)}|${m.privateIp}`;
        const other = ips.get(key);
        if (other && other.plan.planId !== plan.planId) {
          findings.push({
            severity: 'error',
            code: 'static-ip-conflict',
            message: `${m.privateIp} in subnet ${lastSegment(m.subnetId)} is wanted by ${m.pairName} of plan ${plan.planName} and by ${other.member.pairName} of plan ${other.plan.planName}`,
            pairId: m.pairId,
            planId: plan.planId,
            planName: plan.planName,
            applicationId: plan.applicationId,
          });
        } else if (!other) ips.set(key, { plan, member: m });
      }
      // A drill builds into a resource group of its own run, so names cannot clash there.
      if (kind !== 'test') {
        const key = `${plan.targetSiteId}|${lower(m.resourceGroup)}|${lower(m.vmName)}`;
        const other = names.get(key);
        if (other && other.plan.planId !== plan.planId) {
          findings.push({
            severity: 'error',
            code: 'name-conflict',
            message: `VM ${m.vmName} in ${m.resourceGroup} is wanted by plan ${plan.planName} and by plan ${other.plan.planName}`,
            pairId: m.pairId,
            planId: plan.planId,
            planName: plan.planName,
            applicationId: plan.applicationId,
          });
        } else if (!other) names.set(key, { plan, member: m });
      }
    }
  }
  return findings;
}

export const hasErrors = (findings: readonly SiteFinding[]) => findings.some((f) => f.severity === 'error');
export const warningsOf = (findings: readonly SiteFinding[]) =>
  findings.filter((f) => f.severity === 'warning');

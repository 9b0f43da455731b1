import {
  CoreQuota,
  RecoveryPoint,
  RunKind,
  sameArmResourceId,
  SiteInventory,
  VmSizeInfo,
} from '@twinsite/core';
import {
  chooseRecoveryPoint,
  parseRecoveryPointRequest,
  recoveryPointSets,
} from '../planning/recovery-points';
import { Finding, MemberPlan, RUN_TAG } from '../planning/run-snapshot';

/** What preflight learnt from the target site (every field absent when the site could not be read). */
export interface TargetFacts {
  error?: string;
  inventory?: SiteInventory;
  sizes?: VmSizeInfo[];
  quota?: CoreQuota;
  recoveryPoints?: RecoveryPoint[];
}

export interface TargetCheckInput {
  kind: RunKind;
  runId: string;
  /** 'latest' or an ISO time */
  recoveryPoint: string;
  rpoSeconds: number;
  now: Date;
  members: readonly MemberPlan[];
  target: TargetFacts;
}

const error = (code: string, message: string, pairId?: string): Finding => ({
  severity: 'error',
  code,
  message,
  ...(pairId ? { pairId } : {}),
});
const warning = (code: string, message: string, pairId?: string): Finding => ({
  severity: 'warning',
  code,
  message,
  ...(pairId ? { pairId } : {}),
});

/**
 * Everything that must hold at the target before anything changes: sizes offered and
 * within the core quota, addresses free, names free, the network pieces present, and a
 * usable recovery point for every VM built from one. Returns the findings and the
 * recovery point each member is expected to use.
 */
export function checkTarget(input: TargetCheckInput): {
  findings: Finding[];
  recoveryPointAt: Map<string, string>;
} {
  const findings: Finding[] = [];
  const expected = new Map<string, string>();
  const { target, members, kind } = input;
  const inventory = target.inventory;
  if (!inventory) {
    findings.push(
      error('target-unreachable', `the target site cannot be read: ${target.error ?? 'unknown error'}`),
    );
    return { findings, recoveryPointAt: expected };
  }
  const ours = (tags: Record<string, string>) => tags[RUN_TAG] === input.runId;
  const recovered = members.filter((m) => m.mode === 'from-recovery-point');

  // Sizes and cores.
  const sizes = new Map((target.sizes ?? []).map((s) => [s.name.toLowerCase(), s]));
  let cores = 0;
  for (const m of recovered) {
    const size = m.size ? sizes.get(m.size.toLowerCase()) : undefined;
    if (m.size && !size)
      findings.push(
        error(
          'vm-size-unavailable',
          `${m.pairName}: VM size ${m.size} is not offered at the target; map it to one that is`,
          m.pairId,
        ),
      );
    cores += size?.cores ?? 0;
  }
  for (const m of members.filter((x) => x.mode === 'standby')) {
    const vm = inventory.vms.find((v) => sameArmResourceId(v.id, m.standbyVmId ?? ''));
    if (!vm) {
      findings.push(
        error(
          'standby-vm-missing',
          `${m.pairName}: standby VM ${m.standbyVmId} does not exist at the target`,
          m.pairId,
        ),
      );
      continue;
    }
    if (vm.powerState !== 'running' && vm.powerState !== 'starting')
      cores += sizes.get(vm.size.toLowerCase())?.cores ?? 0;
  }
  if (target.quota) {
    const free = target.quota.limit - target.quota.used;
    if (cores > free)
      findings.push(
        error(
          'core-quota',
          `the failover needs ${cores} cores at the target; ${free} of ${target.quota.limit} are free`,
        ),
      );
  }

  // Names and addresses.
  const foreignVms = inventory.vms.filter((v) => !ours(v.tags));
  const seenIps = new Map<string, string>();
  for (const m of recovered) {
    if (kind !== 'test') {
      const clash = foreignVms.find(
        (v) =>
          v.name.toLowerCase() === m.vmName.toLowerCase() &&
          v.resourceGroup.toLowerCase() === m.resourceGroup.toLowerCase(),
      );
      if (clash)
        findings.push(
          error(
            'name-taken',
            `${m.pairName}: a VM named ${m.vmName} already exists in ${m.resourceGroup} at the target`,
            m.pairId,
          ),
        );
      if (m.privateIp) {
        const user = foreignVms.find((v) => v.privateIps.includes(m.privateIp!));
        if (user)
          findings.push(
            error(
              'static-ip-in-use',
              `${m.pairName}: ${m.privateIp} is already used by VM ${user.name} at the target`,
              m.pairId,
            ),
          );
      }
    }
    if (kind === 'test' && m.privateIp) {
      // Test networks are isolated from production, not from each other's drills.
      const drill = foreignVms.find(
        (v) => v.tags['twinsite-run-kind'] === 'test' && v.privateIps.includes(m.privateIp!),
      );
      if (drill) {
        findings.push(
          error(
            'static-ip-in-use',
            `${m.pairName}: ${m.privateIp} is still held by VM ${drill.name} of drill ${drill.tags[RUN_TAG]}; clean that drill up first`,
            m.pairId,
          ),
        );
      }
    }
    if (m.privateIp) {
      const key = `${m.subnetId?.toLowerCase()}|${m.privateIp}`;
      const other = seenIps.get(key);
      if (other)
        findings.push(
          error(
            'static-ip-duplicate',
            `${m.pairName}: ${m.privateIp} is also the address of ${other}`,
            m.pairId,
          ),
        );
      seenIps.set(key, m.pairName);
    }
    if (m.nsgId && !inventory.nsgs.some((n) => sameArmResourceId(n.id, m.nsgId!))) {
      findings.push(
        error('nsg-missing', `${m.pairName}: NSG ${m.nsgId} does not exist at the target`, m.pairId),
      );
    }
    for (const pool of m.backendPoolIds) {
      if (!inventory.loadBalancers.some((lb) => lb.backendPools.some((p) => sameArmResourceId(p.id, pool)))) {
        findings.push(
          error(
            'backend-pool-missing',
            `${m.pairName}: load balancer pool ${pool} does not exist at the target`,
            m.pairId,
          ),
        );
      }
    }
  }

  // Recovery points.
  const request = input.recoveryPoint;
  if (request !== 'latest' && Date.parse(request) > input.now.getTime()) {
    findings.push(error('recovery-point-not-found', `recovery point ${request} is in the future`));
    return { findings, recoveryPointAt: expected };
  }
  for (const m of recovered) {
    const sets = recoveryPointSets(target.recoveryPoints ?? [], m.sourceVmId);
    const chosen = chooseRecoveryPoint(sets, parseRecoveryPointRequest(request));
    if (!chosen) {
      findings.push(
        request === 'latest'
          ? error('no-recovery-point', `${m.pairName}: there is no recovery point at the target`, m.pairId)
          : error(
              'recovery-point-not-found',
              `${m.pairName}: no recovery point at or before ${request}`,
              m.pairId,
            ),
      );
      continue;
    }
    expected.set(m.pairId, chosen.at);
    // A planned failover takes a fresh point after the stop; the age of today's does not matter.
    const ageSeconds = (input.now.getTime() - Date.parse(chosen.at)) / 1000;
    if (kind !== 'planned' && ageSeconds > input.rpoSeconds) {
      findings.push(
        warning(
          'recovery-point-old',
          `${m.pairName}: the recovery point (${chosen.at}) is ${Math.round(ageSeconds)} s old, beyond the RPO of ${input.rpoSeconds} s`,
          m.pairId,
        ),
      );
    }
  }
  return { findings, recoveryPointAt: expected };
}

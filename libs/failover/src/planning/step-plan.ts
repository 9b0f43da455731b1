import { healthCheckPairId, RunKind } from '@twinsite/core';
import { MemberPlan, RunSnapshot, SnapshotStep } from './run-snapshot';

/** What the engine runs: the plan's own steps plus the ones it adds around the VMs. */
export type EngineStepKind =
  | 'stop-source'
  | 'resource-group'
  | 'recover-vm'
  | 'start-standby'
  | 'cleanup'
  | SnapshotStep['kind'];

export type StepPosition = 'prepare' | 'before' | 'members' | 'after' | 'cleanup';

/** A step row to be, before it has an id. */
export interface PlannedStep {
  seq: number;
  /** Steps of one stage run in parallel; stages run in order. */
  stage: number;
  phase: 'failover' | 'cleanup';
  groupIndex: number | null;
  groupName: string | null;
  position: StepPosition;
  kind: EngineStepKind;
  name: string;
  pairId: string | null;
  /** The site whose per-site concurrency the step uses (VM steps only). */
  siteId: string | null;
  spec: Record<string, unknown>;
}

/** Far after any failover stage, so cleanup always sorts last. */
export const CLEANUP_STAGE = 1_000_000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The step's name says what it ensures, in the operator's words. */
export function describePlanStep(step: SnapshotStep, snapshot: RunSnapshot): string {
  switch (step.kind) {
    case 'manual-approval':
      return step.message ? `An operator approves: ${step.message}` : 'An operator approves going on';
    case 'webhook':
      return `Webhook at ${hostOf(step.url)} answers 2xx`;
    case 'database-promote':
      return `Database replica of ${snapshot.members[step.pairId]?.pairName ?? step.pairId} is promoted to primary`;
    case 'dns-update':
      return `DNS record ${step.recordName} points at the new addresses`;
    case 'health-check': {
      const pairId = healthCheckPairId(step.target);
      const what = pairId
        ? `${snapshot.members[pairId]?.vmName ?? pairId} runs at ${snapshot.targetSite.name} and`
        : step.target;
      return `${what} answers ${step.protocol}/${step.port}${step.path ?? ''}`;
    }
    case 'wait':
      return `Wait ${step.seconds} s`;
  }
}

function describeMember(member: MemberPlan, snapshot: RunSnapshot, kind: RunKind): string {
  const site = snapshot.targetSite.name;
  if (member.mode === 'standby') return `Standby VM ${member.vmName} runs at ${site}`;
  const where = kind === 'test' ? 'in the isolated test network' : `in ${member.resourceGroup}`;
  return `VM ${member.vmName} runs at ${site} ${where}, built from its recovery point (${member.size}, ${member.privateIp ?? 'dynamic address'})`;
}

/**
 * The steps of a run, in order. First the resource groups the VMs go into, and for a
 * planned failover the stop of every source VM (so the final recovery point holds
 * everything); then each group runs its before-steps one by one, its VMs in parallel,
 * and its after-steps one by one.
 */
export function planSteps(kind: RunKind, snapshot: RunSnapshot): PlannedStep[] {
  const steps: PlannedStep[] = [];
  let stage = 0;
  const add = (step: Omit<PlannedStep, 'seq'>) => steps.push({ ...step, seq: steps.length + 1 });

  // Prepare: the resource groups the VMs go into exist (one step each, so that the VMs
  // of a group, running in parallel, never race to create the same group), and, for a
  // planned failover, every source VM is stopped.
  const groups = new Map<string, string>();
  for (const member of Object.values(snapshot.members)) {
    if (member.mode === 'from-recovery-point' && !groups.has(member.resourceGroup.toLowerCase()))
      groups.set(member.resourceGroup.toLowerCase(), member.resourceGroup);
  }
  for (const resourceGroup of groups.values()) {
    add({
      stage,
      phase: 'failover',
      groupIndex: null,
      groupName: null,
      position: 'prepare',
      kind: 'resource-group',
      name: `Resource group ${resourceGroup} exists at ${snapshot.targetSite.name}`,
      pairId: null,
      siteId: null,
      spec: { resourceGroup },
    });
  }
  if (kind === 'planned') {
    for (const group of snapshot.groups) {
      for (const pairId of group.pairIds) {
        const member = snapshot.members[pairId];
        add({
          stage,
          phase: 'failover',
          groupIndex: null,
          groupName: null,
          position: 'prepare',
          kind: 'stop-source',
          name: `Source VM ${member.vmName} is stopped and deallocated at ${snapshot.sourceSite.name}`,
          pairId,
          siteId: snapshot.sourceSite.id,
          spec: { pairId, sourceVmId: member.sourceVmId },
        });
      }
    }
  }
  if (steps.length > 0) stage++;

  snapshot.groups.forEach((group, g) => {
    const common = {
      phase: 'failover' as const,
      groupIndex: g,
      groupName: group.name,
      siteId: null,
      pairId: null,
    };
    for (const step of group.before) {
      add({
        ...common,
        stage: stage++,
        position: 'before',
        kind: step.kind,
        name: describePlanStep(step, snapshot),
        pairId: pairOf(step),
        spec: { ...step },
      });
    }
    for (const pairId of group.pairIds) {
      const member = snapshot.members[pairId];
      add({
        ...common,
        stage,
        position: 'members',
        kind: member.mode === 'standby' ? 'start-standby' : 'recover-vm',
        name: describeMember(member, snapshot, kind),
        pairId,
        siteId: snapshot.targetSite.id,
        spec: { ...member },
      });
    }
    stage++;
    for (const step of group.after) {
      add({
        ...common,
        stage: stage++,
        position: 'after',
        kind: step.kind,
        name: describePlanStep(step, snapshot),
        pairId: pairOf(step),
        spec: { ...step },
      });
    }
  });
  return steps;
}

function pairOf(step: SnapshotStep): string | null {
  if (step.kind === 'database-promote') return step.pairId;
  if (step.kind === 'health-check') return healthCheckPairId(step.target);
  return null;
}

/** The one step a cleanup adds: remove everything the run made at the target. */
export function planCleanupStep(snapshot: RunSnapshot, nextSeq: number): PlannedStep {
  return {
    seq: nextSeq,
    stage: CLEANUP_STAGE,
    phase: 'cleanup',
    groupIndex: null,
    groupName: null,
    position: 'cleanup',
    kind: 'cleanup',
    name: `Everything this test run made at ${snapshot.targetSite.name} is removed`,
    pairId: null,
    siteId: null,
    spec: { siteId: snapshot.targetSite.id },
  };
}

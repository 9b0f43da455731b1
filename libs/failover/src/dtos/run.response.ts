import { allowedRunActions } from '@twinsite/core';
import type { FailoverRunEntity } from '../failover-run.entity';
import type { FailoverStepEntity } from '../failover-step.entity';

export function toStepResponse(step: FailoverStepEntity, detail = true) {
  const base = {
    id: step.id,
    seq: step.seq,
    name: step.name,
    kind: step.kind,
    group: step.groupName,
    groupIndex: step.groupIndex,
    position: step.position,
    pairId: step.pairId,
    state: step.state,
    attempts: step.attempts,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    error: step.error,
    skipReason: step.skipReason,
    skippedBy: step.skippedBy,
    approvedBy: step.approvedBy,
    approvedAt: step.approvedAt,
  };
  return detail ? { ...base, resources: step.resources, output: step.output } : base;
}

/** A run as the API shows it; `allowedActions` come from the state machine, so the console never offers a button the API refuses. */
export function toRunResponse(run: FailoverRunEntity, steps: FailoverStepEntity[], detail = true) {
  return {
    id: run.id,
    planId: run.planId,
    planName: run.snapshot.plan.name,
    applicationId: run.applicationId,
    kind: run.kind,
    state: run.state,
    active: run.active,
    sourceSiteId: run.sourceSiteId,
    targetSiteId: run.targetSiteId,
    recoveryPoint: run.recoveryPoint,
    recoveryPointAt: run.recoveryPointAt,
    achievedRpoSeconds: run.achievedRpoSeconds,
    achievedRtoSeconds: run.achievedRtoSeconds,
    rpoSeconds: run.snapshot.application.rpoSeconds,
    rtoSeconds: run.snapshot.application.rtoSeconds,
    preflight: run.preflight,
    requestedBy: run.requestedBy,
    failbackOf: run.failbackOf,
    actions: run.actions,
    allowedActions: allowedRunActions(run.kind, run.state),
    requestedAt: run.requestedAt,
    createdAt: run.createdAt,
    startedAt: run.requestedAt,
    failedOverAt: run.failedOverAt,
    healthyAt: run.healthyAt,
    endedAt: run.endedAt,
    updatedAt: run.updatedAt,
    version: run.version,
    steps: steps.map((s) => toStepResponse(s, detail)),
  };
}

export type RunResponse = ReturnType<typeof toRunResponse>;

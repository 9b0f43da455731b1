import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import { RunKind, transitionRun } from '@twinsite/core';
import { PlanService } from '@twinsite/plans';
import { Actor, AppException, conflict, validationFailed } from '@twinsite/shared';
import { FailoverWorker } from '../engine/failover-worker';
import { RunEvents } from '../engine/run-events';
import { FailoverRunEntity } from '../failover-run.entity';
import { FailoverStepEntity } from '../failover-step.entity';
import { planSteps } from '../planning/step-plan';
import { Finding } from '../planning/run-snapshot';
import { PreflightService } from '../preflight/preflight.service';
import { RunQueries } from './run-queries';
import type { RunResponse } from '../dtos/run.response';

export interface StartInput {
  kind: RunKind;
  recoveryPoint: string;
  confirm: string;
  acceptWarnings?: boolean;
}

/**
 * Starting a run: exactly one per Idempotency-Key and at most one active per plan,
 * both enforced by unique indexes (so they hold across instances); preflight first,
 * and nothing is written unless it passes.
 */
@Injectable()
export class RunStarter {
  /** Concurrent starts with one key on this instance share one preflight and one insert. */
  private readonly inProgress = new Map<string, Promise<{ run: RunResponse; created: boolean }>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly plans: PlanService,
    private readonly preflight: PreflightService,
    private readonly queries: RunQueries,
    private readonly audit: AuditService,
    private readonly worker: FailoverWorker,
    private readonly events: RunEvents,
  ) {}

  async start(
    actor: Actor,
    planId: string,
    input: StartInput,
    idempotencyKey?: string,
    failbackOf?: string,
  ): Promise<{ run: RunResponse; created: boolean }> {
    if (idempotencyKey) {
      const existing = await this.queries.findByKey(planId, idempotencyKey);
      if (existing) return { run: await this.queries.get(existing.id), created: false };
      const flight = `${planId}|${idempotencyKey}`;
      const running = this.inProgress.get(flight);
      if (running) return { ...(await running), created: false };
      const attempt = this.startOnce(actor, planId, input, idempotencyKey, failbackOf);
      this.inProgress.set(flight, attempt);
      try {
        return await attempt;
      } finally {
        this.inProgress.delete(flight);
      }
    }
    return this.startOnce(actor, planId, input, undefined, failbackOf);
  }

  async dryRun(planId: string, kind: RunKind, recoveryPoint: string) {
    this.checkRecoveryPoint(kind, recoveryPoint);
    const result = await this.preflight.check(planId, kind, recoveryPoint, randomUUID());
    return {
      planId,
      kind,
      recoveryPoint,
      ok: !result.findings.some((f) => f.severity === 'error'),
      findings: result.findings,
      members: result.members,
    };
  }

  private async startOnce(
    actor: Actor,
    planId: string,
    input: StartInput,
    key: string | undefined,
    failbackOf: string | undefined,
  ) {
    const requestedAt = new Date();
    const plan = await this.plans.get(planId);
    if (input.confirm !== plan.plan.name) {
      throw validationFailed([
        {
          field: 'confirm',
          rule: 'confirm',
          message: `confirm must be the plan's name, "${plan.plan.name}"`,
        },
      ]);
    }
    this.checkRecoveryPoint(input.kind, input.recoveryPoint);
    await this.refuseIfActive(planId);

    const runId = randomUUID();
    const { findings, snapshot } = await this.preflight.check(planId, input.kind, input.recoveryPoint, runId);
    this.refuseOnFindings(findings, !!input.acceptWarnings);

    // pending → preflight → running: preflight has passed, so the run begins running.
    const state = transitionRun(
      transitionRun('pending', 'start', input.kind),
      'preflight-passed',
      input.kind,
    );
    const expected = Object.values(snapshot.members)
      .map((m) => m.expectedRecoveryPointAt)
      .filter((t): t is string => !!t)
      .sort()[0];
    try {
      await this.db.transaction(async (m) => {
        await m.insert(FailoverRunEntity, {
          id: runId,
          planId,
          applicationId: snapshot.application.id,
          kind: input.kind,
          state,
          active: true,
          idempotencyKey: key ?? null,
          sourceSiteId: snapshot.sourceSite.id,
          targetSiteId: snapshot.targetSite.id,
          recoveryPoint: input.recoveryPoint,
          recoveryPointAt: input.kind === 'planned' || !expected ? null : new Date(expected),
          snapshot,
          preflight: {
            findings,
            acceptedWarnings: !!input.acceptWarnings,
            checkedAt: new Date().toISOString(),
          },
          requestedBy: actor.name,
          requestedByTokenId: actor.tokenId,
          failbackOf: failbackOf ?? null,
          requestedAt,
          actions: [
            { action: failbackOf ? 'failback' : 'start', by: actor.name, at: new Date().toISOString() },
          ],
        });
        const steps = planSteps(input.kind, snapshot).map((s) => ({
          ...s,
          id: randomUUID(),
          runId,
          state: 'pending' as const,
        }));
        for (let i = 0; i < steps.length; i += 500)
          await m.insert(FailoverStepEntity, steps.slice(i, i + 500) as any);
        await this.audit.record(
          m,
          actor,
          failbackOf ? 'failover.failback' : 'failover.start',
          'failover',
          runId,
          {
            planId,
            planName: snapshot.plan.name,
            kind: input.kind,
            recoveryPoint: input.recoveryPoint,
            acceptWarnings: !!input.acceptWarnings,
            warnings: findings.filter((f) => f.severity === 'warning').map((f) => f.code),
            ...(failbackOf ? { failbackOf } : {}),
          },
        );
      });
    } catch (error) {
      const constraint =
        error instanceof QueryFailedError ? (error as any).driverError?.constraint : undefined;
      if (constraint === 'uq_failover_runs__idempotency_key' && key) {
        const existing = await this.queries.findByKey(planId, key);
        if (existing) return { run: await this.queries.get(existing.id), created: false };
      }
      if (constraint === 'uq_failover_runs__active_plan') await this.refuseIfActive(planId);
      throw error;
    }
    this.events.publish({ id: runId, planId, kind: input.kind, state, event: 'run' });
    this.worker.kick();
    return { run: await this.queries.get(runId), created: true };
  }

  private checkRecoveryPoint(kind: RunKind, recoveryPoint: string): void {
    if (kind === 'planned' && recoveryPoint !== 'latest') {
      throw validationFailed([
        {
          field: 'recoveryPoint',
          rule: 'planned-latest',
          message:
            'a planned failover takes a new recovery point after the source stops; recoveryPoint must be "latest"',
        },
      ]);
    }
  }

  private async refuseIfActive(planId: string): Promise<void> {
    const active = await this.queries.findActive(planId);
    if (active) {
      throw conflict(
        'run-active',
        `plan ${planId} already has an active run: ${active.id} (${active.kind}, ${active.state})`,
        {
          activeRunId: active.id,
          kind: active.kind,
          state: active.state,
        },
      );
    }
  }

  private refuseOnFindings(findings: Finding[], acceptWarnings: boolean): void {
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.some((f) => f.code === 'recovery-point-not-found')) {
      throw new AppException(
        HttpStatus.BAD_REQUEST,
        'unknown-recovery-point',
        errors.map((f) => f.message).join('; '),
        { findings },
      );
    }
    if (errors.length > 0) {
      throw new AppException(
        HttpStatus.CONFLICT,
        'preflight-failed',
        `preflight found ${errors.length} error(s): ${errors.map((f) => f.message).join('; ')}`,
        { findings },
      );
    }
    const warnings = findings.filter((f) => f.severity === 'warning');
    if (warnings.length > 0 && !acceptWarnings) {
      throw new AppException(
        HttpStatus.CONFLICT,
        'preflight-warnings',
        `preflight has ${warnings.length} warning(s); send acceptWarnings: true to go ahead: ${warnings.map((f) => f.message).join('; ')}`,
        { findings },
      );
    }
  }
}

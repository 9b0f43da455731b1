import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import {
  allowedRunActions,
  InvalidTransition,
  parseArmResourceId,
  RunEvent,
  RunState,
  transitionRun,
  transitionStep,
} from '@twinsite/core';
import { PairService } from '@twinsite/replication';
import { Actor, AppException, conflict, notFound } from '@twinsite/shared';
import { FailoverWorker } from '../engine/failover-worker';
import { RunEvents } from '../engine/run-events';
import { isActive } from '../engine/run-progress';
import { FailoverRunEntity, RunActionRecord } from '../failover-run.entity';
import { FailoverStepEntity } from '../failover-step.entity';
import { planCleanupStep } from '../planning/step-plan';
import type { RunResponse } from '../dtos/run.response';
import { RunQueries } from './run-queries';
import { RunStarter } from './run-starter';

/**
 * What operators do to a run: approve, cancel, retry or skip a failed step, commit,
 * clean up, reprotect, fail back. Each is a state-machine transition taken under the
 * run's row lock and audited with who pressed it, in the same transaction.
 */
@Injectable()
export class RunActions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly queries: RunQueries,
    private readonly worker: FailoverWorker,
    private readonly events: RunEvents,
    private readonly pairs: PairService,
    private readonly starter: RunStarter,
  ) {}

  approve(actor: Actor, runId: string, note?: string): Promise<RunResponse> {
    return this.act(actor, runId, 'approve', note, async (m, run) => {
      const next = this.transition(run, 'approved');
      const step = await m.findOne(FailoverStepEntity, {
        where: { runId, state: 'waiting-for-approval' },
        order: { seq: 'ASC' },
      });
      if (!step) throw conflict('nothing-to-approve', `run ${runId} has no step waiting for an approval`);
      await m.update(
        FailoverStepEntity,
        { id: step.id, state: 'waiting-for-approval' },
        {
          state: transitionStep(step.state, 'approved'),
          approvedBy: actor.name,
          approvedAt: new Date(),
          endedAt: new Date(),
        },
      );
      return { state: next, detail: { stepId: step.id, stepName: step.name } };
    });
  }

  cancel(actor: Actor, runId: string, note?: string): Promise<RunResponse> {
    return this.act(actor, runId, 'cancel', note, async (m, run) => {
      const next = this.transition(run, 'cancel');
      // Steps nobody is executing stop now; running ones stop at their executor's next action.
      const idle = await m.query(
        `SELECT id, state FROM failover_steps WHERE run_id = $1 AND state IN ('pending', 'waiting-for-approval', 'failed')`,
        [runId],
      );
      for (const s of idle as Array<{ id: string; state: any }>) {
        await m.update(
          FailoverStepEntity,
          { id: s.id },
          { state: transitionStep(s.state, 'cancel'), endedAt: new Date() },
        );
      }
      return { state: next };
    });
  }

  commit(actor: Actor, runId: string, note?: string): Promise<RunResponse> {
    return this.act(actor, runId, 'commit', note, async (_m, run) => {
      // Committing changes nothing at the sites: the VMs are up at the target; it is the decision to stay.
      const committing = this.transition(run, 'commit');
      return { state: transitionRun(committing, 'committed', run.kind), ended: true };
    });
  }

  cleanup(actor: Actor, runId: string, note?: string): Promise<RunResponse> {
    return this.act(actor, runId, 'cleanup', note, async (m, run) => {
      const next = this.transition(run, 'cleanup');
      const existing = await m.findOneBy(FailoverStepEntity, { runId, phase: 'cleanup' });
      if (!existing) {
        const last = await m
          .createQueryBuilder(FailoverStepEntity, 's')
          .select('max(s.seq)', 'seq')
          .where('s.run_id = :runId', { runId })
          .getRawOne();
        const step = planCleanupStep(run.snapshot, Number(last?.seq ?? 0) + 1);
        await m.insert(FailoverStepEntity, { ...step, id: randomUUID(), runId, state: 'pending' } as any);
      }
      return { state: next };
    });
  }

  /**
   * The pairs now replicate the other way: sites swapped, the source is the VM running
   * at the former target, and the former source VM becomes the standby a failback
   * starts again; database lag sources swap their primary and replica URLs.
   */
  reprotect(actor: Actor, runId: string, note?: string): Promise<RunResponse> {
    return this.act(actor, runId, 'reprotect', note, async (m, run) => {
      const reprotecting = this.transition(run, 'reprotect');
      const members = await m.find(FailoverStepEntity, {
        where: [
          { runId, kind: 'recover-vm' },
          { runId, kind: 'start-standby' },
        ],
      });
      const reversed: string[] = [];
      for (const step of members) {
        const member = run.snapshot.members[step.pairId!];
        const vmId = step.output?.vmId;
        if (step.state !== 'succeeded' || typeof vmId !== 'string' || !member) continue;
        const oldSource = parseArmResourceId(member.sourceVmId);
        await this.pairs.reverse(m, actor, member.pairId, {
          sourceResourceId: vmId,
          target: {
            resourceGroup: oldSource?.resourceGroup ?? member.resourceGroup,
            name: oldSource?.name,
            mode: 'standby',
            standbyVmId: member.sourceVmId,
          },
        });
        reversed.push(member.pairId);
      }
      return {
        state: transitionRun(reprotecting, 'reprotected', run.kind),
        detail: { pairIds: reversed },
        ended: true,
      };
    });
  }

  async failback(
    actor: Actor,
    runId: string,
    idempotencyKey: string | undefined,
    acceptWarnings: boolean,
  ): Promise<{ run: RunResponse; created: boolean }> {
    const run = await this.load(this.db.manager, runId);
    if (!allowedRunActions(run.kind, run.state).includes('failback')) {
      throw this.refused(
        run,
        'failback',
        'a failback is a planned failover back, offered once a real failover has been reprotected',
      );
    }
    return this.starter.start(
      actor,
      run.planId,
      { kind: 'planned', recoveryPoint: 'latest', confirm: run.snapshot.plan.name, acceptWarnings },
      idempotencyKey ?? `failback-of-${runId}`,
      runId,
    );
  }

  retryStep(actor: Actor, runId: string, stepId: string): Promise<RunResponse> {
    return this.act(actor, runId, 'retry', undefined, async (m, run) => {
      const step = await this.failedStep(m, runId, stepId);
      await this.reopen(m, step);
      return { state: await this.resumeIfClear(m, run, 'retry'), detail: { stepId, stepName: step.name } };
    });
  }

  retryRun(actor: Actor, runId: string): Promise<RunResponse> {
    return this.act(actor, runId, 'retry', undefined, async (m, run) => {
      const failed = await m.find(FailoverStepEntity, { where: { runId, state: 'failed' } });
      if (failed.length === 0) throw conflict('nothing-to-retry', `run ${runId} has no failed step`);
      for (const step of failed) await this.reopen(m, step);
      return { state: this.transition(run, 'retry'), detail: { stepIds: failed.map((s) => s.id) } };
    });
  }

  skipStep(actor: Actor, runId: string, stepId: string, reason?: string): Promise<RunResponse> {
    return this.act(actor, runId, 'skip', reason, async (m, run) => {
      const step = await this.failedStep(m, runId, stepId);
      if (step.phase === 'cleanup') throw conflict('cannot-skip', 'a cleanup cannot be skipped; retry it');
      await m.update(
        FailoverStepEntity,
        { id: step.id, state: 'failed' },
        {
          state: transitionStep('failed', 'skip'),
          skipReason: reason ?? null,
          skippedBy: actor.name,
          endedAt: new Date(),
        },
      );
      return { state: await this.resumeIfClear(m, run, 'skip'), detail: { stepId, stepName: step.name } };
    });
  }

  // ---- internals -----------------------------------------------------------------

  /** A failed step runs again from where it stopped: what it finished stays done, its LRO states resume. */
  private async reopen(m: EntityManager, step: FailoverStepEntity): Promise<void> {
    await m.update(
      FailoverStepEntity,
      { id: step.id, state: 'failed' },
      {
        state: transitionStep('failed', 'retry'),
        leaseOwner: null,
        leaseUntil: null,
        notBefore: null,
        endedAt: null,
        progress: { ...step.progress, retryBase: step.attempts },
      },
    );
  }

  /** The run goes on once none of its steps is failed any more; until then it stays failed, the reopened step running. */
  private async resumeIfClear(m: EntityManager, run: FailoverRunEntity, event: RunEvent): Promise<RunState> {
    this.transition(run, event);
    const stillFailed = await m.count(FailoverStepEntity, { where: { runId: run.id, state: 'failed' } });
    return stillFailed > 0 ? run.state : this.transition(run, event);
  }

  private async failedStep(m: EntityManager, runId: string, stepId: string): Promise<FailoverStepEntity> {
    const step = await m.findOneBy(FailoverStepEntity, { id: stepId, runId });
    if (!step) throw notFound('step', stepId);
    if (step.state !== 'failed')
      throw conflict(
        'step-not-failed',
        `step ${stepId} (${step.name}) is ${step.state}; only a failed step can be retried or skipped`,
        { state: step.state },
      );
    return step;
  }

  private transition(run: FailoverRunEntity, event: RunEvent): RunState {
    try {
      return transitionRun(run.state, event, run.kind);
    } catch (error) {
      if (error instanceof InvalidTransition) throw this.refused(run, event, error.message);
      throw error;
    }
  }

  private refused(run: FailoverRunEntity, action: string, why: string): AppException {
    return new AppException(
      HttpStatus.CONFLICT,
      'invalid-state',
      `cannot ${action} run ${run.id}: it is ${run.state} (${why})`,
      {
        state: run.state,
        allowedActions: allowedRunActions(run.kind, run.state),
      },
    );
  }

  private async load(m: EntityManager, runId: string, lock = false): Promise<FailoverRunEntity> {
    const qb = m
      .getRepository(FailoverRunEntity)
      .createQueryBuilder('run')
      .where('run.id = :runId', { runId });
    if (lock) qb.setLock('pessimistic_write');
    const run = await qb.getOne();
    if (!run) throw notFound('failover', runId);
    return run;
  }

  private async act(
    actor: Actor,
    runId: string,
    action: string,
    note: string | undefined,
    change: (
      m: EntityManager,
      run: FailoverRunEntity,
    ) => Promise<{ state: RunState; detail?: Record<string, unknown>; ended?: boolean }>,
  ): Promise<RunResponse> {
    const run = await this.db.transaction(async (m) => {
      const current = await this.load(m, runId, true);
      const result = await change(m, current);
      const record: RunActionRecord = {
        action,
        by: actor.name,
        at: new Date().toISOString(),
        ...(note ? { note } : {}),
      };
      await m.update(
        FailoverRunEntity,
        { id: runId },
        {
          state: result.state,
          active: current.active && isActive(current.kind, result.state),
          actions: [...current.actions, record],
          ...(result.ended ? { endedAt: new Date() } : {}),
        },
      );
      await this.audit.record(m, actor, `failover.${action}`, 'failover', runId, {
        from: current.state,
        to: result.state,
        ...(note ? { note } : {}),
        ...(result.detail ?? {}),
      });
      return { ...current, state: result.state };
    });
    this.events.publish({ id: run.id, planId: run.planId, kind: run.kind, state: run.state, event: 'run' });
    this.worker.kick();
    return this.queries.get(runId);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RunEvent, RunKind, RunState, transitionRun } from '@twinsite/core';
import { achievedRpoSeconds, achievedRtoSeconds, oldestRecoveryPoint } from '../records/achieved';
import { RunEvents } from './run-events';
import { isActive, runEventFromSteps } from './run-progress';
import { selectRows } from './sql';

interface RunRow {
  id: string;
  plan_id: string;
  kind: RunKind;
  state: RunState;
  active: boolean;
  requested_at: Date;
}

interface StepRow {
  id: string;
  phase: 'failover' | 'cleanup';
  kind: string;
  state: any;
  leased: boolean;
  output: Record<string, unknown> | null;
}

/**
 * Moves runs along as their steps change: failed, waiting for an approval, failed
 * over (with what was achieved), cancelled, cleaned up. Under the run's row lock, so
 * two instances deciding at once decide once.
 */
@Injectable()
export class RunAdvancer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: RunEvents,
  ) {}

  /** Every run some instance may have to move along. */
  async advanceBusy(): Promise<void> {
    const runs = await selectRows<{ id: string }>(
      this.db,
      `SELECT id FROM failover_runs WHERE state IN ('running', 'waiting-for-approval', 'cancelling', 'cleaning-up') ORDER BY created_at LIMIT 200`,
    );
    for (const run of runs) await this.advance(run.id);
  }

  async advance(runId: string): Promise<RunState | null> {
    const changed = await this.db.transaction(async (m) => {
      const [run] = await selectRows<RunRow>(
        m,
        `SELECT id, plan_id, kind, state, active, requested_at FROM failover_runs WHERE id = $1 FOR UPDATE`,
        [runId],
      );
      if (!run) return null;
      const steps = await selectRows<StepRow>(
        m,
        `SELECT id, phase, kind, state, output, (lease_until IS NOT NULL AND lease_until > now()) AS leased FROM failover_steps WHERE run_id = $1`,
        [runId],
      );
      const event = runEventFromSteps(run.kind, run.state, steps);
      if (!event) return null;
      const next = transitionRun(run.state, event, run.kind);
      await this.apply(m, run, event, next, steps);
      return next;
    });
    if (changed) {
      const [run] = await selectRows<RunRow>(
        this.db,
        `SELECT id, plan_id, kind, state FROM failover_runs WHERE id = $1`,
        [runId],
      );
      this.events.publish({
        id: run.id,
        planId: run.plan_id,
        kind: run.kind,
        state: run.state,
        event: 'run',
      });
    }
    return changed;
  }

  private async apply(
    m: EntityManager,
    run: RunRow,
    event: RunEvent,
    next: RunState,
    steps: StepRow[],
  ): Promise<void> {
    const active = run.active && isActive(run.kind, next);
    if (event === 'all-steps-succeeded') {
      const failedOverAt = new Date();
      const members = steps.filter((s) => s.kind === 'recover-vm' && s.state === 'succeeded');
      const recoveryPointAt = oldestRecoveryPoint(
        members.map((s) => s.output?.recoveryPointAt as string | undefined),
      );
      const healthy = steps
        .filter(
          (s) =>
            s.kind === 'health-check' && s.state === 'succeeded' && typeof s.output?.healthyAt === 'string',
        )
        .map((s) => new Date(String(s.output!.healthyAt)));
      const started = new Date(run.requested_at);
      await m.query(
        `UPDATE failover_runs SET state = $2, active = $3, failed_over_at = $4, healthy_at = $5, recovery_point_at = coalesce($6, recovery_point_at),
           achieved_rpo_seconds = $7, achieved_rto_seconds = $8, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [
          run.id,
          next,
          active,
          failedOverAt,
          healthy.length ? new Date(Math.max(...healthy.map((d) => d.getTime()))) : null,
          recoveryPointAt,
          achievedRpoSeconds(run.kind, started, recoveryPointAt),
          achievedRtoSeconds(started, healthy, failedOverAt),
        ],
      );
      return;
    }
    if (event === 'cancelled') {
      const open = steps
        .filter((s) => ['pending', 'running', 'waiting-for-approval', 'failed'].includes(s.state))
        .map((s) => s.id);
      if (open.length) {
        await m.query(
          `UPDATE failover_steps SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, ended_at = coalesce(ended_at, now()) WHERE id = ANY($1::uuid[])`,
          [open],
        );
      }
    }
    const ended = ['cancelled', 'cleaned-up'].includes(next);
    await m.query(
      `UPDATE failover_runs SET state = $2, active = $3, ended_at = CASE WHEN $4 THEN now() ELSE ended_at END, version = version + 1, updated_at = now() WHERE id = $1`,
      [run.id, next, active, ended],
    );
  }
}

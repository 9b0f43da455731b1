import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RunKind, RunState, StepState } from '@twinsite/core';
import type { StepError, StepResource } from '../failover-step.entity';
import { FAILOVER_OPTIONS, FailoverOptions } from '../failover.options';
import type { RunSnapshot } from '../planning/run-snapshot';
import type { EngineStepKind, StepPosition } from '../planning/step-plan';
import { selectRows, updateRows } from './sql';

/** A step this instance now owns, with what it needs of its run. */
export interface ClaimedStep {
  id: string;
  runId: string;
  seq: number;
  stage: number;
  groupIndex: number | null;
  groupName: string | null;
  position: StepPosition;
  kind: EngineStepKind;
  name: string;
  pairId: string | null;
  siteId: string | null;
  spec: Record<string, unknown>;
  attempts: number;
  epoch: number;
  progress: Record<string, unknown>;
  resources: StepResource[];
  run: {
    id: string;
    planId: string;
    kind: RunKind;
    state: RunState;
    createdAt: Date;
    snapshot: RunSnapshot;
    recoveryPoint: string;
  };
}

export type FinalStepState = Extract<
  StepState,
  'succeeded' | 'failed' | 'waiting-for-approval' | 'cancelled'
>;

/** Counts writes the store refused because the executor's epoch was stale (the fence at work). */
export interface FenceCounter {
  refused(): void;
}

const CLAIM_LOCK = 727_001;

/**
 * The engine's persistence: claiming with a lease and a new epoch, and every later
 * write of the step conditional on that epoch. A write that matches no row means
 * another instance has claimed the step since; the caller must stop.
 */
@Injectable()
export class StepStore {
  private fenceCounter: FenceCounter = { refused: () => undefined };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FAILOVER_OPTIONS) private readonly options: FailoverOptions,
  ) {}

  countRefusalsWith(counter: FenceCounter): void {
    this.fenceCounter = counter;
  }

  /**
   * Claims up to `limit` runnable steps: pending steps of a run's current stage (its
   * lowest unfinished one), and steps left `running` whose lease ran out (their
   * executor died, paused, or released them for a later attempt). VM steps respect the
   * per-site concurrency across every instance, which is why claims are serialised by
   * an advisory lock (they take milliseconds); SKIP LOCKED passes over rows another
   * transaction is writing.
   */
  async claim(limit: number): Promise<ClaimedStep[]> {
    if (limit <= 0) return [];
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
      const candidates = await selectRows<{ id: string; site_id: string | null }>(
        m,
        `WITH open_stage AS (
           SELECT s.run_id, min(s.stage) AS stage
           FROM failover_steps s JOIN failover_runs r ON r.id = s.run_id
           WHERE r.state IN ('running', 'failed', 'cleaning-up') AND s.state NOT IN ('succeeded', 'skipped', 'cancelled')
           GROUP BY s.run_id)
         SELECT s.id, s.site_id FROM failover_steps s
         JOIN failover_runs r ON r.id = s.run_id
         JOIN open_stage o ON o.run_id = s.run_id AND o.stage = s.stage
         WHERE ((s.state = 'pending' AND ((r.state = 'running' AND s.phase = 'failover') OR (r.state = 'cleaning-up' AND s.phase = 'cleanup')))
                OR (s.state = 'running' AND (s.lease_until IS NULL OR s.lease_until < now())))
           AND (s.not_before IS NULL OR s.not_before <= now())
         ORDER BY r.created_at, s.seq
         LIMIT $1
         FOR UPDATE OF s SKIP LOCKED`,
        [Math.max(limit * 4, 50)],
      );
      if (candidates.length === 0) return [];
      const busy = await selectRows<{ site_id: string; n: string }>(
        m,
        `SELECT site_id, count(*) AS n FROM failover_steps
         WHERE state = 'running' AND site_id IS NOT NULL AND lease_until > now() GROUP BY site_id`,
      );
      const load = new Map(busy.map((b) => [b.site_id, Number(b.n)]));
      const chosen: string[] = [];
      for (const c of candidates) {
        if (chosen.length >= limit) break;
        if (c.site_id) {
          const n = load.get(c.site_id) ?? 0;
          if (n >= this.options.perSiteConcurrency) continue;
          load.set(c.site_id, n + 1);
        }
        chosen.push(c.id);
      }
      if (chosen.length === 0) return [];
      const rows = await selectRows<any>(
        m,
        `WITH claimed AS (
           UPDATE failover_steps SET state = 'running', epoch = epoch + 1, attempts = attempts + 1,
             lease_owner = $2, lease_until = now() + make_interval(secs => $3::float8 / 1000),
             started_at = coalesce(started_at, now()), not_before = NULL
           WHERE id = ANY($1::uuid[])
           RETURNING *),
         journal AS (
           INSERT INTO failover_step_journal (step_id, run_id, epoch, instance, event, state)
           SELECT id, run_id, epoch, $2, 'claim', 'running' FROM claimed)
         SELECT c.*, r.plan_id AS run_plan_id, r.kind AS run_kind, r.state AS run_state, r.created_at AS run_created_at,
                r.snapshot AS run_snapshot, r.recovery_point AS run_recovery_point
         FROM claimed c JOIN failover_runs r ON r.id = c.run_id
         ORDER BY c.seq`,
        [chosen, this.options.instanceId, this.options.leaseMs],
      );
      return rows.map(toClaimed);
    });
  }

  /** Extends the lease; null when the step is no longer this epoch's. Also says what the run is doing now (a cancel). */
  async renew(stepId: string, epoch: number): Promise<{ runState: RunState } | null> {
    const { rows } = await updateRows<{ run_state: RunState }>(
      this.db,
      `UPDATE failover_steps s SET lease_until = now() + make_interval(secs => $3::float8 / 1000)
       WHERE s.id = $1 AND s.epoch = $2 AND s.state = 'running'
       RETURNING (SELECT r.state FROM failover_runs r WHERE r.id = s.run_id) AS run_state`,
      [stepId, epoch, this.options.leaseMs],
    );
    return rows.length === 0 ? null : { runState: rows[0].run_state };
  }

  /** Saves what the step has decided and done so far. False: the epoch is stale, nothing was written. */
  async checkpoint(
    stepId: string,
    epoch: number,
    progress: Record<string, unknown>,
    resources: StepResource[],
  ): Promise<boolean> {
    const { count } = await updateRows(
      this.db,
      `UPDATE failover_steps SET progress = $3::jsonb, resources = $4::jsonb, lease_until = greatest(lease_until, now() + make_interval(secs => $5::float8 / 1000))
       WHERE id = $1 AND epoch = $2 AND state = 'running'`,
      [stepId, epoch, JSON.stringify(progress), JSON.stringify(resources), this.options.leaseMs],
    );
    if (count === 0) this.fenceCounter.refused();
    return count > 0;
  }

  /** Ends this attempt in `state`. False: the epoch is stale, nothing was written. */
  async finish(
    stepId: string,
    epoch: number,
    state: FinalStepState,
    fields: {
      output?: unknown;
      error?: StepError | null;
      progress: Record<string, unknown>;
      resources: StepResource[];
    },
  ): Promise<boolean> {
    const ended = state === 'waiting-for-approval' ? 'ended_at' : 'now()';
    const rows = await selectRows<{ id: string }>(
      this.db,
      `WITH s AS (
         UPDATE failover_steps SET state = $3, output = $4::jsonb, error = $5::jsonb, progress = $6::jsonb, resources = $7::jsonb,
           lease_owner = NULL, lease_until = NULL, not_before = NULL, ended_at = ${ended}
         WHERE id = $1 AND epoch = $2 AND state = 'running'
         RETURNING id, run_id, epoch),
       journal AS (
         INSERT INTO failover_step_journal (step_id, run_id, epoch, instance, event, state)
         SELECT id, run_id, epoch, $8, 'finish', $3 FROM s)
       SELECT id FROM s`,
      [
        stepId,
        epoch,
        state,
        fields.output === undefined ? null : JSON.stringify(fields.output),
        fields.error ? JSON.stringify(fields.error) : null,
        JSON.stringify(fields.progress),
        JSON.stringify(fields.resources),
        this.options.instanceId,
      ],
    );
    if (rows.length === 0) this.fenceCounter.refused();
    return rows.length > 0;
  }

  /**
   * Gives the step back for a later attempt (after a transient failure, or a wait): it
   * stays `running` with no lease, so any instance claims it once `not_before` passes.
   */
  async release(
    stepId: string,
    epoch: number,
    fields: {
      notBefore: Date;
      error?: StepError | null;
      progress: Record<string, unknown>;
      resources: StepResource[];
      deferred?: boolean;
    },
  ): Promise<boolean> {
    // A deferral (a long wait) is the step's own pace, not a failed attempt: it does not count as one.
    const rows = await selectRows<{ id: string }>(
      this.db,
      `WITH s AS (
         UPDATE failover_steps SET lease_owner = NULL, lease_until = NULL, not_before = $3, error = $4::jsonb, progress = $5::jsonb, resources = $6::jsonb,
           attempts = attempts - CASE WHEN $8 THEN 1 ELSE 0 END
         WHERE id = $1 AND epoch = $2 AND state = 'running'
         RETURNING id, run_id, epoch),
       journal AS (
         INSERT INTO failover_step_journal (step_id, run_id, epoch, instance, event, state)
         SELECT id, run_id, epoch, $7, CASE WHEN $8 THEN 'defer' ELSE 'release' END, 'running' FROM s)
       SELECT id FROM s`,
      [
        stepId,
        epoch,
        fields.notBefore,
        fields.error ? JSON.stringify(fields.error) : null,
        JSON.stringify(fields.progress),
        JSON.stringify(fields.resources),
        this.options.instanceId,
        fields.deferred === true,
      ],
    );
    if (rows.length === 0) this.fenceCounter.refused();
    return rows.length > 0;
  }

  /** Hands back the leases of steps this instance is giving up (shutdown), so another takes them at once. */
  async abandon(stepId: string, epoch: number): Promise<void> {
    await this.db.query(
      `UPDATE failover_steps SET lease_until = now() WHERE id = $1 AND epoch = $2 AND state = 'running'`,
      [stepId, epoch],
    );
  }

  /** Other steps' outputs, for steps that build on them (DNS addresses, the stop time of the source). */
  async outputs(
    runId: string,
  ): Promise<
    Array<{
      kind: EngineStepKind;
      pairId: string | null;
      groupIndex: number | null;
      state: StepState;
      output: Record<string, unknown> | null;
    }>
  > {
    const rows = await selectRows<any>(
      this.db,
      `SELECT kind, pair_id, group_index, state, output FROM failover_steps WHERE run_id = $1 ORDER BY seq`,
      [runId],
    );
    return rows.map((r) => ({
      kind: r.kind,
      pairId: r.pair_id,
      groupIndex: r.group_index,
      state: r.state,
      output: r.output,
    }));
  }
}

function toClaimed(r: any): ClaimedStep {
  return {
    id: r.id,
    runId: r.run_id,
    seq: r.seq,
    stage: r.stage,
    groupIndex: r.group_index,
    groupName: r.group_name,
    position: r.position,
    kind: r.kind,
    name: r.name,
    pairId: r.pair_id,
    siteId: r.site_id,
    spec: r.spec,
    attempts: r.attempts,
    epoch: Number(r.epoch),
    progress: r.progress ?? {},
    resources: r.resources ?? [],
    run: {
      id: r.run_id,
      planId: r.run_plan_id,
      kind: r.run_kind,
      state: r.run_state,
      createdAt: new Date(r.run_created_at),
      snapshot: r.run_snapshot,
      recoveryPoint: r.run_recovery_point,
    },
  };
}

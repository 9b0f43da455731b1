import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failover runs and their steps. The engine is these rows: a step is claimed with a
 * lease and a fencing epoch, and every change of a step is an update conditional on
 * the epoch, so an executor that lost its lease cannot commit anything.
 */
export class CreateFailoverRuns1764220000000 implements MigrationInterface {
  name = 'CreateFailoverRuns1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE failover_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL,
        application_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('test', 'planned', 'unplanned')),
        state text NOT NULL,
        -- Not yet settled: at most one such run per plan (the partial unique index below).
        active boolean NOT NULL DEFAULT true,
        idempotency_key text NULL,
        source_site_id uuid NOT NULL,
        target_site_id uuid NOT NULL,
        recovery_point text NOT NULL,
        recovery_point_at timestamptz NULL,
        achieved_rpo_seconds double precision NULL,
        achieved_rto_seconds double precision NULL,
        snapshot jsonb NOT NULL,
        preflight jsonb NOT NULL,
        requested_by text NOT NULL,
        requested_by_token_id text NOT NULL,
        failback_of uuid NULL REFERENCES failover_runs (id),
        actions jsonb NOT NULL DEFAULT '[]',
        -- The press of the button (before preflight): achieved RTO and RPO count from here.
        requested_at timestamptz NOT NULL DEFAULT now(),
        failed_over_at timestamptz NULL,
        healthy_at timestamptz NULL,
        ended_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_failover_runs__active_plan ON failover_runs (plan_id) WHERE active`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_failover_runs__idempotency_key ON failover_runs (plan_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_failover_runs__page ON failover_runs (created_at, id)`);
    await q.query(`CREATE INDEX ix_failover_runs__application ON failover_runs (application_id, created_at)`);
    await q.query(`CREATE INDEX ix_failover_runs__state ON failover_runs (state)`);

    await q.query(`
      CREATE TABLE failover_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES failover_runs (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        stage integer NOT NULL,
        phase text NOT NULL CHECK (phase IN ('failover', 'cleanup')),
        group_index integer NULL,
        group_name text NULL,
        position text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        pair_id uuid NULL,
        site_id uuid NULL,
        spec jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        epoch bigint NOT NULL DEFAULT 0,
        lease_owner text NULL,
        lease_until timestamptz NULL,
        not_before timestamptz NULL,
        progress jsonb NOT NULL DEFAULT '{}',
        resources jsonb NOT NULL DEFAULT '[]',
        output jsonb NULL,
        error jsonb NULL,
        skip_reason text NULL,
        skipped_by text NULL,
        approved_by text NULL,
        approved_at timestamptz NULL,
        started_at timestamptz NULL,
        ended_at timestamptz NULL,
        CONSTRAINT uq_failover_steps__seq UNIQUE (run_id, seq)
      )`);
    await q.query(
      `CREATE INDEX ix_failover_steps__open ON failover_steps (run_id, stage) WHERE state IN ('pending', 'running', 'failed', 'waiting-for-approval')`,
    );

    // Append-only: every committed change of a step with the epoch it was made under.
    await q.query(`
      CREATE TABLE failover_step_journal (
        id bigserial PRIMARY KEY,
        step_id uuid NOT NULL REFERENCES failover_steps (id) ON DELETE CASCADE,
        run_id uuid NOT NULL,
        epoch bigint NOT NULL,
        instance text NOT NULL,
        event text NOT NULL,
        state text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_failover_step_journal__step ON failover_step_journal (step_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE failover_step_journal`);
    await q.query(`DROP TABLE failover_steps`);
    await q.query(`DROP TABLE failover_runs`);
  }
}

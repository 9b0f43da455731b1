import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Site failovers and their plan queues. A site failover is a row; each plan it fails
 * over is a row of its queue, in tier order, that a coordinator on any instance turns
 * into a failover run (through the failover engine) as slots free up. At most one
 * active site failover per site, and one per Idempotency-Key, both by unique indexes.
 */
export class CreateSiteFailovers1764240000000 implements MigrationInterface {
  name = 'CreateSiteFailovers1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE site_failovers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        site_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('test', 'planned', 'unplanned')),
        phase text NOT NULL DEFAULT 'failover' CHECK (phase IN ('failover', 'cancel', 'cleanup', 'commit')),
        state text NOT NULL,
        -- Holds the site: at most one such site failover per site (the partial unique index below).
        active boolean NOT NULL DEFAULT true,
        -- The coordinator still looks at it.
        open boolean NOT NULL DEFAULT true,
        idempotency_key text NULL,
        plans_in_flight integer NOT NULL CHECK (plans_in_flight >= 1),
        preflight jsonb NOT NULL,
        not_failed_over jsonb NOT NULL DEFAULT '[]',
        requested_by text NOT NULL,
        requested_by_token_id text NOT NULL,
        actions jsonb NOT NULL DEFAULT '[]',
        healthy_at timestamptz NULL,
        achieved_rto_seconds double precision NULL,
        ended_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_site_failovers__active_site ON site_failovers (site_id) WHERE active`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_site_failovers__idempotency_key ON site_failovers (site_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_site_failovers__page ON site_failovers (created_at, id)`);
    await q.query(`CREATE INDEX ix_site_failovers__site ON site_failovers (site_id, created_at)`);
    await q.query(`CREATE INDEX ix_site_failovers__open ON site_failovers (created_at) WHERE open`);

    await q.query(`
      CREATE TABLE site_failover_plans (
        site_failover_id uuid NOT NULL REFERENCES site_failovers (id) ON DELETE CASCADE,
        plan_id uuid NOT NULL,
        position integer NOT NULL,
        plan_name text NOT NULL,
        application_id uuid NOT NULL,
        application_name text NOT NULL,
        tier integer NOT NULL,
        rpo_seconds integer NOT NULL,
        rto_seconds integer NOT NULL,
        target_site_id uuid NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'started', 'start-failed', 'cancelled')),
        run_id uuid NULL,
        run_state text NULL,
        start_attempts integer NOT NULL DEFAULT 0,
        error jsonb NULL,
        started_at timestamptz NULL,
        failed_over_at timestamptz NULL,
        healthy_at timestamptz NULL,
        recovery_point_at timestamptz NULL,
        achieved_rpo_seconds double precision NULL,
        run_achieved_rto_seconds double precision NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_failover_id, plan_id),
        CONSTRAINT uq_site_failover_plans__position UNIQUE (site_failover_id, position)
      )`);
    await q.query(
      `CREATE INDEX ix_site_failover_plans__run ON site_failover_plans (run_id) WHERE run_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE site_failover_plans`);
    await q.query(`DROP TABLE site_failovers`);
  }
}

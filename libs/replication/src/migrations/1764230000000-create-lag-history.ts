import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lag sampler's tables: agent checkpoints, raw samples, rollups and the
 * compaction watermarks; and the pairs' own sampling state.
 */
export class CreateLagHistory1764230000000 implements MigrationInterface {
  name = 'CreateLagHistory1764230000000';

  async up(q: QueryRunner): Promise<void> {
    // What resolveLagReading continues from (failures in a row, the last good read), and what operators see of the source.
    await q.query(`ALTER TABLE pairs
      ADD COLUMN lag_failures integer NOT NULL DEFAULT 0,
      ADD COLUMN lag_observed_at timestamptz NULL,
      ADD COLUMN lag_error text NULL,
      ADD COLUMN lag_diagnostics jsonb NULL`);
    // A new pair is due at once; the sampler then keeps it on its own phase grid.
    await q.query(`ALTER TABLE pairs ALTER COLUMN next_due_at SET DEFAULT now()`);
    await q.query(`UPDATE pairs SET next_due_at = now() WHERE next_due_at IS NULL`);

    await q.query(`
      CREATE TABLE agent_checkpoints (
        pair_id uuid NOT NULL CONSTRAINT fk_agent_checkpoints__pair_id REFERENCES pairs (id) ON DELETE CASCADE,
        recovery_point_at timestamptz NOT NULL,
        consistency text NOT NULL CHECK (consistency IN ('crash', 'application')),
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_agent_checkpoints__pair_time UNIQUE (pair_id, recovery_point_at)
      )`);
    // Retention deletes by arrival time; rows arrive in that order, so a BRIN index is enough.
    await q.query(
      `CREATE INDEX ix_agent_checkpoints__received_at ON agent_checkpoints USING brin (received_at)`,
    );

    // History is not tied to the pair by a foreign key: writing it must stay cheap, and
    // it ages out by retention (reports read it; a deleted pair is no longer reported).
    await q.query(`
      CREATE TABLE lag_samples (
        pair_id uuid NOT NULL,
        at timestamptz NOT NULL,
        lag_seconds real NULL,
        recovery_point_at timestamptz NULL,
        stale boolean NOT NULL DEFAULT false,
        failing boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX ix_lag_samples__pair_at ON lag_samples (pair_id, at)`);
    // Compaction and retention scan by time: samples are appended in time order, so BRIN.
    await q.query(`CREATE INDEX ix_lag_samples__at ON lag_samples USING brin (at)`);

    await q.query(`
      CREATE TABLE lag_rollups (
        pair_id uuid NOT NULL,
        resolution text NOT NULL CHECK (resolution IN ('minute', 'hour')),
        bucket_start timestamptz NOT NULL,
        max_lag real NULL,
        min_lag real NULL,
        avg_lag real NULL,
        samples integer NOT NULL,
        CONSTRAINT uq_lag_rollups__pair_resolution_bucket UNIQUE (pair_id, resolution, bucket_start)
      )`);
    await q.query(`CREATE INDEX ix_lag_rollups__bucket_start ON lag_rollups USING brin (bucket_start)`);

    await q.query(`
      CREATE TABLE lag_compaction_state (
        resolution text PRIMARY KEY CHECK (resolution IN ('minute', 'hour')),
        rolled_until timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lag_compaction_state`);
    await q.query(`DROP TABLE lag_rollups`);
    await q.query(`DROP TABLE lag_samples`);
    await q.query(`DROP TABLE agent_checkpoints`);
    await q.query(`ALTER TABLE pairs ALTER COLUMN next_due_at DROP DEFAULT`);
    await q.query(
      `ALTER TABLE pairs DROP COLUMN lag_failures, DROP COLUMN lag_observed_at, DROP COLUMN lag_error, DROP COLUMN lag_diagnostics`,
    );
  }
}

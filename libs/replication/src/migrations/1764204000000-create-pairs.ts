import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePairs1764204000000 implements MigrationInterface {
  name = 'CreatePairs1764204000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pairs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL CONSTRAINT fk_pairs__application_id REFERENCES applications (id) ON DELETE RESTRICT,
        source_site_id uuid NOT NULL CONSTRAINT fk_pairs__source_site_id REFERENCES sites (id) ON DELETE RESTRICT,
        target_site_id uuid NOT NULL CONSTRAINT fk_pairs__target_site_id REFERENCES sites (id) ON DELETE RESTRICT,
        name text NOT NULL,
        source_resource_id text NOT NULL,
        target jsonb NOT NULL,
        sample_interval_seconds integer NOT NULL CHECK (sample_interval_seconds BETWEEN 5 AND 3600),
        lag_source_kind text NOT NULL CHECK (lag_source_kind IN ('agent', 'arm-snapshot', 'postgres', 'mysql')),
        lag_source_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        lag_source_secrets_sealed text NULL,
        state text NOT NULL DEFAULT 'initial'
          CHECK (state IN ('initial', 'protected', 'lagging', 'failing', 'failed-over', 'paused')),
        lag_seconds double precision NULL,
        last_recovery_point_at timestamptz NULL,
        lag_stale boolean NOT NULL DEFAULT false,
        next_due_at timestamptz NULL,
        last_sampled_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_pairs__different_sites CHECK (source_site_id <> target_site_id),
        CONSTRAINT ck_pairs__database_credentials
          CHECK ((lag_source_kind IN ('postgres', 'mysql')) = (lag_source_secrets_sealed IS NOT NULL))
      )`);
    // ARM ids compare case-insensitively: the same VM written twice in another case is a duplicate.
    await q.query(
      `CREATE UNIQUE INDEX uq_pairs__source_resource_id ON pairs (source_site_id, lower(source_resource_id))`,
    );
    await q.query(`CREATE INDEX ix_pairs__page ON pairs (created_at, id)`);
    await q.query(`CREATE INDEX ix_pairs__application_id ON pairs (application_id)`);
    await q.query(`CREATE INDEX ix_pairs__source_site_id ON pairs (source_site_id)`);
    await q.query(`CREATE INDEX ix_pairs__target_site_id ON pairs (target_site_id)`);
    await q.query(`CREATE INDEX ix_pairs__next_due_at ON pairs (next_due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pairs`);
  }
}

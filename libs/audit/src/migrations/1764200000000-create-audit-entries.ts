import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEntries1764200000000 implements MigrationInterface {
  name = 'CreateAuditEntries1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_token_id text NOT NULL,
        actor_name text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NULL,
        change jsonb NULL
      )`);
    await q.query(`CREATE INDEX ix_audit_entries__resource ON audit_entries (resource_type, resource_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entries`);
  }
}

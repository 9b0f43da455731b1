import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSites1764202000000 implements MigrationInterface {
  name = 'CreateSites1764202000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        arm_endpoint text NOT NULL CHECK (arm_endpoint LIKE 'https://%'),
        location text NOT NULL,
        subscription_id text NOT NULL,
        tenant_id text NOT NULL,
        client_id text NOT NULL,
        client_secret_sealed text NOT NULL,
        ca_certificate text NULL,
        api_profile text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_sites__name ON sites (name)`);
    await q.query(`CREATE INDEX ix_sites__page ON sites (created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sites`);
  }
}

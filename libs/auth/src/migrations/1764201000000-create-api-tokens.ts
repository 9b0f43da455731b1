import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiTokens1764201000000 implements MigrationInterface {
  name = 'CreateApiTokens1764201000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'agent')),
        token_hash text NOT NULL,
        prefix text NOT NULL,
        pair_id uuid NULL,
        created_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz NULL,
        last_used_at timestamptz NULL,
        CHECK ((role = 'agent') = (pair_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_api_tokens__token_hash ON api_tokens (token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
  }
}

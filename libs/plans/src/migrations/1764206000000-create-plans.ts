import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlans1764206000000 implements MigrationInterface {
  name = 'CreatePlans1764206000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        application_id uuid NOT NULL CONSTRAINT fk_plans__application_id REFERENCES applications (id) ON DELETE RESTRICT,
        description text NULL,
        groups jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_plans__name ON plans (name)`);
    await q.query(`CREATE INDEX ix_plans__page ON plans (created_at, id)`);
    await q.query(`CREATE INDEX ix_plans__application_id ON plans (application_id)`);
    // Every pair a plan names (members and step references): a pair in a plan cannot be deleted.
    await q.query(`
      CREATE TABLE plan_pairs (
        plan_id uuid NOT NULL CONSTRAINT fk_plan_pairs__plan_id REFERENCES plans (id) ON DELETE CASCADE,
        pair_id uuid NOT NULL CONSTRAINT fk_plan_pairs__pair_id REFERENCES pairs (id) ON DELETE RESTRICT,
        PRIMARY KEY (plan_id, pair_id)
      )`);
    await q.query(`CREATE INDEX ix_plan_pairs__pair_id ON plan_pairs (pair_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_pairs`);
    await q.query(`DROP TABLE plans`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplications1764203000000 implements MigrationInterface {
  name = 'CreateApplications1764203000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        owner text NOT NULL,
        tier integer NOT NULL CHECK (tier BETWEEN 1 AND 4),
        rpo_seconds integer NOT NULL CHECK (rpo_seconds > 0),
        rto_seconds integer NOT NULL CHECK (rto_seconds > 0),
        protection text NOT NULL CHECK (protection IN ('replication', 'backup-restore', 'high-availability', 'none')),
        opt_in boolean NOT NULL DEFAULT false,
        description text NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_applications__name ON applications (name)`);
    await q.query(`CREATE INDEX ix_applications__page ON applications (created_at, id)`);
    await q.query(`CREATE INDEX ix_applications__owner ON applications (owner)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNetworkMappings1764205000000 implements MigrationInterface {
  name = 'CreateNetworkMappings1764205000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE network_mappings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        source_site_id uuid NOT NULL CONSTRAINT fk_network_mappings__source_site_id REFERENCES sites (id) ON DELETE RESTRICT,
        target_site_id uuid NOT NULL CONSTRAINT fk_network_mappings__target_site_id REFERENCES sites (id) ON DELETE RESTRICT,
        source_subnet_id text NOT NULL,
        target_subnet_id text NOT NULL,
        test_subnet_id text NOT NULL,
        static_ips jsonb NOT NULL DEFAULT '[]'::jsonb,
        ip_mode text NOT NULL CHECK (ip_mode IN ('keep', 'map', 'dynamic')),
        nsgs jsonb NOT NULL DEFAULT '[]'::jsonb,
        load_balancers jsonb NOT NULL DEFAULT '[]'::jsonb,
        public_ip boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_network_mappings__different_sites CHECK (source_site_id <> target_site_id),
        CONSTRAINT ck_network_mappings__isolated_test_subnet CHECK (lower(test_subnet_id) <> lower(target_subnet_id))
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_network_mappings__name ON network_mappings (name)`);
    // One mapping per source subnet and direction; ARM ids compare case-insensitively.
    await q.query(
      `CREATE UNIQUE INDEX uq_network_mappings__source_subnet_id ON network_mappings (source_site_id, lower(source_subnet_id), target_site_id)`,
    );
    await q.query(`CREATE INDEX ix_network_mappings__page ON network_mappings (created_at, id)`);
    await q.query(`CREATE INDEX ix_network_mappings__target_site_id ON network_mappings (target_site_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE network_mappings`);
  }
}

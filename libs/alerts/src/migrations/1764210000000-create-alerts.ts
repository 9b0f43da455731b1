import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAlerts1764210000000 implements MigrationInterface {
  name = 'CreateAlerts1764210000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign keys to pairs, applications or sites: an alert is history, and a
    // pair that is deleted must neither be blocked by its alerts nor erase them.
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('rpo-warning', 'rpo-breach', 'lag-source-failing', 'site-unreachable')),
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
        pair_id uuid NULL,
        application_id uuid NULL,
        site_id uuid NULL,
        subject_key text NOT NULL,
        opened_at timestamptz(3) NOT NULL DEFAULT now(),
        acknowledged_at timestamptz(3) NULL,
        acknowledged_by text NULL,
        note text NULL,
        resolved_at timestamptz(3) NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT ck_alerts__resolved_at CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
        CONSTRAINT ck_alerts__acknowledged_at CHECK (state <> 'acknowledged' OR acknowledged_at IS NOT NULL)
      )`);
    // At most one unresolved alert per subject and kind, whatever number of controller
    // instances evaluate the same condition at once: they INSERT ... ON CONFLICT DO NOTHING.
    await q.query(
      `CREATE UNIQUE INDEX uq_alerts__subject_kind_unresolved ON alerts (subject_key, kind) WHERE state <> 'resolved'`,
    );
    await q.query(`CREATE INDEX ix_alerts__page ON alerts (created_at, id)`);
    await q.query(`CREATE INDEX ix_alerts__pair_id ON alerts (pair_id) WHERE pair_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX ix_alerts__application_id ON alerts (application_id) WHERE application_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_alerts__site_id ON alerts (site_id) WHERE site_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_alerts__unresolved ON alerts (state, kind) WHERE state <> 'resolved'`);

    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        url text NOT NULL CHECK (url ~* '^https?://'),
        format text NOT NULL CHECK (format IN ('generic', 'slack', 'teams')),
        secret_sealed text NULL,
        kinds text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_webhook_subscriptions__name ON webhook_subscriptions (name)`);
    await q.query(`CREATE INDEX ix_webhook_subscriptions__page ON webhook_subscriptions (created_at, id)`);

    // One row per attempt. The attempts of one notification share its event_seq, which
    // also orders the notifications of one alert to one subscription (opened before resolved).
    await q.query(`CREATE SEQUENCE webhook_deliveries_event_seq`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL
          CONSTRAINT fk_webhook_deliveries__subscription_id REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        alert_id uuid NOT NULL CONSTRAINT fk_webhook_deliveries__alert_id REFERENCES alerts (id) ON DELETE CASCADE,
        event text NOT NULL CHECK (event IN ('opened', 'acknowledged', 'resolved')),
        event_seq bigint NOT NULL DEFAULT nextval('webhook_deliveries_event_seq'),
        attempt integer NOT NULL CHECK (attempt >= 1),
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'retrying')),
        payload jsonb NOT NULL,
        http_status integer NULL,
        error text NULL,
        duration_ms integer NULL,
        next_attempt_at timestamptz(3) NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        finished_at timestamptz(3) NULL
      )`);
    await q.query(`ALTER SEQUENCE webhook_deliveries_event_seq OWNED BY webhook_deliveries.event_seq`);
    await q.query(
      `CREATE INDEX ix_webhook_deliveries__due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_webhook_deliveries__pending_chain ON webhook_deliveries (subscription_id, alert_id, event_seq) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_webhook_deliveries__page ON webhook_deliveries (subscription_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX ix_webhook_deliveries__alert_id ON webhook_deliveries (alert_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP TABLE alerts`);
  }
}

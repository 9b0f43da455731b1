import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertKind } from '@twinsite/core';

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** What happened to an alert: the events of the stream and of the webhooks. */
export type AlertEventName = 'opened' | 'acknowledged' | 'resolved';

@Entity('alerts')
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: AlertKind;

  @Column({ type: 'text', default: 'open' })
  state: AlertState;

  @Column({ name: 'pair_id', type: 'uuid', nullable: true })
  pairId: string | null;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  @Column({ name: 'site_id', type: 'uuid', nullable: true })
  siteId: string | null;

  /** `pair:<id>` or `site:<id>`: what the alert is about; one unresolved alert per subject and kind. */
  @Column({ name: 'subject_key', type: 'text' })
  subjectKey: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** The name of the token that acknowledged it. */
  @Column({ name: 'acknowledged_by', type: 'text', nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Lag and RPO when it opened, the worst lag while open, the lag when it resolved. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  details: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A row of `alerts` as raw SQL returns it (RETURNING *), in the entity's shape. */
export function alertFromRow(row: Record<string, any>): AlertEntity {
  return Object.assign(new AlertEntity(), {
    id: row.id,
    kind: row.kind,
    state: row.state,
    pairId: row.pair_id ?? null,
    applicationId: row.application_id ?? null,
    siteId: row.site_id ?? null,
    subjectKey: row.subject_key,
    openedAt: row.opened_at,
    acknowledgedAt: row.acknowledged_at ?? null,
    acknowledgedBy: row.acknowledged_by ?? null,
    note: row.note ?? null,
    resolvedAt: row.resolved_at ?? null,
    details: row.details ?? {},
    createdAt: row.created_at,
  });
}

import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { RunKind, RunState } from '@twinsite/core';
import type { Finding, RunSnapshot } from './planning/run-snapshot';

/** Who pressed which button on a run, and when (the audit log has the same, this is for the run's page). */
export interface RunActionRecord {
  action: string;
  by: string;
  at: string;
  note?: string;
}

export interface PreflightRecord {
  findings: Finding[];
  acceptedWarnings: boolean;
  checkedAt: string;
}

@Entity('failover_runs')
export class FailoverRunEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'text' })
  kind: RunKind;

  @Column({ type: 'text' })
  state: RunState;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'source_site_id', type: 'uuid' })
  sourceSiteId: string;

  @Column({ name: 'target_site_id', type: 'uuid' })
  targetSiteId: string;

  /** What was asked: `latest` or an ISO time. */
  @Column({ name: 'recovery_point', type: 'text' })
  recoveryPoint: string;

  @Column({ name: 'recovery_point_at', type: 'timestamptz', nullable: true })
  recoveryPointAt: Date | null;

  @Column({ name: 'achieved_rpo_seconds', type: 'double precision', nullable: true })
  achievedRpoSeconds: number | null;

  @Column({ name: 'achieved_rto_seconds', type: 'double precision', nullable: true })
  achievedRtoSeconds: number | null;

  /** The plan as it was when the run started; step secrets sealed. */
  @Column({ type: 'jsonb' })
  snapshot: RunSnapshot;

  @Column({ type: 'jsonb' })
  preflight: PreflightRecord;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_by_token_id', type: 'text' })
  requestedByTokenId: string;

  @Column({ name: 'failback_of', type: 'uuid', nullable: true })
  failbackOf: string | null;

  @Column({ type: 'jsonb' })
  actions: RunActionRecord[];

  /** The press of the button, before preflight: achieved RTO and RPO count from here. */
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'failed_over_at', type: 'timestamptz', nullable: true })
  failedOverAt: Date | null;

  @Column({ name: 'healthy_at', type: 'timestamptz', nullable: true })
  healthyAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @VersionColumn()
  version: number;

  /** When the run was created, after its preflight passed. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { RunKind, RunState } from '@twinsite/core';
import type { SiteFinding } from './domain/combined-preflight';
import type { NotFailedOver } from './domain/site-estate';
import type { EntryStatus, SiteFailoverPhase, SiteFailoverState } from './domain/site-state';

export interface SiteActionRecord {
  action: string;
  by: string;
  /** Kept so that the coordinator acts on runs as the person who pressed (audit); never shown. */
  tokenId: string;
  role: string;
  at: string;
  note?: string;
}

export interface SitePreflightRecord {
  findings: SiteFinding[];
  acceptedWarnings: boolean;
  checkedAt: string;
}

@Entity('site_failovers')
export class SiteFailoverEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'site_id', type: 'uuid' })
  siteId: string;

  @Column({ name: 'site_name', type: 'text' })
  siteName: string;

  @Column({ type: 'text' })
  kind: RunKind;

  @Column({ type: 'text' })
  phase: SiteFailoverPhase;

  @Column({ type: 'text' })
  state: SiteFailoverState;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'boolean' })
  open: boolean;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'plans_in_flight', type: 'integer' })
  plansInFlight: number;

  @Column({ type: 'jsonb' })
  preflight: SitePreflightRecord;

  @Column({ name: 'not_failed_over', type: 'jsonb' })
  notFailedOver: NotFailedOver[];

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_by_token_id', type: 'text' })
  requestedByTokenId: string;

  @Column({ type: 'jsonb' })
  actions: SiteActionRecord[];

  /** The last plan healthy (when every plan came up). */
  @Column({ name: 'healthy_at', type: 'timestamptz', nullable: true })
  healthyAt: Date | null;

  /** From the press to the last plan healthy. */
  @Column({ name: 'achieved_rto_seconds', type: 'double precision', nullable: true })
  achievedRtoSeconds: number | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @VersionColumn()
  version: number;

  /** The press of the button. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One plan of a site failover's queue, and what its run achieved. */
@Entity('site_failover_plans')
export class SiteFailoverPlanEntity {
  @PrimaryColumn({ name: 'site_failover_id', type: 'uuid' })
  siteFailoverId: string;

  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId: string;

  /** Tier order: the order plans start in. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'plan_name', type: 'text' })
  planName: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'application_name', type: 'text' })
  applicationName: string;

  @Column({ type: 'integer' })
  tier: number;

  @Column({ name: 'rpo_seconds', type: 'integer' })
  rpoSeconds: number;

  @Column({ name: 'rto_seconds', type: 'integer' })
  rtoSeconds: number;

  @Column({ name: 'target_site_id', type: 'uuid', nullable: true })
  targetSiteId: string | null;

  @Column({ type: 'text' })
  status: EntryStatus;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'run_state', type: 'text', nullable: true })
  runState: RunState | null;

  @Column({ name: 'start_attempts', type: 'integer' })
  startAttempts: number;

  @Column({ type: 'jsonb', nullable: true })
  error: { code: string; message: string; step?: string; details?: Record<string, any> } | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'failed_over_at', type: 'timestamptz', nullable: true })
  failedOverAt: Date | null;

  @Column({ name: 'healthy_at', type: 'timestamptz', nullable: true })
  healthyAt: Date | null;

  @Column({ name: 'recovery_point_at', type: 'timestamptz', nullable: true })
  recoveryPointAt: Date | null;

  @Column({ name: 'achieved_rpo_seconds', type: 'double precision', nullable: true })
  achievedRpoSeconds: number | null;

  @Column({ name: 'run_achieved_rto_seconds', type: 'double precision', nullable: true })
  runAchievedRtoSeconds: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

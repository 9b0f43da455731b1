import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepState } from '@twinsite/core';
import type { EngineStepKind, StepPosition } from './planning/step-plan';

/** A resource a step made (or adopted under its deterministic name) at a site. */
export interface StepResource {
  type: string;
  id: string;
  siteId: string;
}

export interface StepError {
  code: string;
  message: string;
  transient?: boolean;
  at?: string;
}

@Entity('failover_steps')
export class FailoverStepEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'integer' })
  stage: number;

  @Column({ type: 'text' })
  phase: 'failover' | 'cleanup';

  @Column({ name: 'group_index', type: 'integer', nullable: true })
  groupIndex: number | null;

  @Column({ name: 'group_name', type: 'text', nullable: true })
  groupName: string | null;

  @Column({ type: 'text' })
  position: StepPosition;

  @Column({ type: 'text' })
  kind: EngineStepKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'pair_id', type: 'uuid', nullable: true })
  pairId: string | null;

  @Column({ name: 'site_id', type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ type: 'jsonb' })
  spec: Record<string, unknown>;

  @Column({ type: 'text' })
  state: StepState;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'bigint' })
  epoch: string;

  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'not_before', type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  /** What the step has decided and done so far (chosen recovery point, LRO states, finished operations). */
  @Column({ type: 'jsonb' })
  progress: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  resources: StepResource[];

  @Column({ type: 'jsonb', nullable: true })
  output: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  error: StepError | null;

  @Column({ name: 'skip_reason', type: 'text', nullable: true })
  skipReason: string | null;

  @Column({ name: 'skipped_by', type: 'text', nullable: true })
  skippedBy: string | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}

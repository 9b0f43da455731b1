import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '@twinsite/shared';
import type { LagSourceKind } from './dtos/lag-source.dto';
import type { PairTarget } from './dtos/pair-target.dto';

export const PAIR_STATES = ['initial', 'protected', 'lagging', 'failing', 'failed-over', 'paused'] as const;
export type PairState = (typeof PAIR_STATES)[number];

@Entity('pairs')
export class PairEntity extends VersionedEntity {
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'source_site_id', type: 'uuid' })
  sourceSiteId: string;

  @Column({ name: 'target_site_id', type: 'uuid' })
  targetSiteId: string;

  @Column()
  name: string;

  @Column({ name: 'source_resource_id' })
  sourceResourceId: string;

  @Column({ type: 'jsonb' })
  target: PairTarget;

  @Column({ name: 'sample_interval_seconds', type: 'integer' })
  sampleIntervalSeconds: number;

  @Column({ name: 'lag_source_kind', type: 'text' })
  lagSourceKind: LagSourceKind;

  /** The lag source's settings that are not secret (never the URLs). */
  @Column({ name: 'lag_source_settings', type: 'jsonb' })
  lagSourceSettings: Record<string, unknown>;

  /** `{ primaryUrl, replicaUrl }` as JSON, sealed by SecretBox; null for kinds without credentials. */
  @Column({ name: 'lag_source_secrets_sealed', type: 'text', nullable: true })
  lagSourceSecretsSealed: string | null;

  // Written by the lag monitor, never by the API.
  @Column({ type: 'text', default: 'initial' })
  state: PairState;

  @Column({ name: 'lag_seconds', type: 'double precision', nullable: true })
  lagSeconds: number | null;

  @Column({ name: 'last_recovery_point_at', type: 'timestamptz', nullable: true })
  lastRecoveryPointAt: Date | null;

  @Column({ name: 'lag_stale', type: 'boolean', default: false })
  lagStale: boolean;

  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Column({ name: 'last_sampled_at', type: 'timestamptz', nullable: true })
  lastSampledAt: Date | null;
}

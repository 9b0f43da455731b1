import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '@twinsite/shared';

export const PROTECTION_OPTIONS = ['replication', 'backup-restore', 'high-availability', 'none'] as const;
export type Protection = (typeof PROTECTION_OPTIONS)[number];

@Entity('applications')
export class ApplicationEntity extends VersionedEntity {
  @Column()
  name: string;

  @Column()
  owner: string;

  /** 1 is the most critical. */
  @Column({ type: 'integer' })
  tier: number;

  @Column({ name: 'rpo_seconds', type: 'integer' })
  rpoSeconds: number;

  @Column({ name: 'rto_seconds', type: 'integer' })
  rtoSeconds: number;

  @Column({ type: 'text' })
  protection: Protection;

  @Column({ name: 'opt_in', type: 'boolean', default: false })
  optIn: boolean;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}

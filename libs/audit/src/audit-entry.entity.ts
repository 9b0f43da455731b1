import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_entries')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_token_id', type: 'text' })
  actorTokenId: string;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  /** `<resource>.<verb>`, e.g. `site.update`, `failover.approve`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'resource_type', type: 'text' })
  resourceType: string;

  @Column({ name: 'resource_id', type: 'text', nullable: true })
  resourceId: string | null;

  /** What changed, with secrets replaced by a marker. */
  @Column({ type: 'jsonb', nullable: true })
  change: Record<string, unknown> | null;
}

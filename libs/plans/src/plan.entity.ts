import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedEntity } from '@twinsite/shared';
import type { StoredPlanGroup } from './plan-secrets';

@Entity('plans')
export class PlanEntity extends VersionedEntity {
  @Column()
  name: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Groups in order; step secrets only sealed (`secretSealed`). */
  @Column({ type: 'jsonb' })
  groups: StoredPlanGroup[];
}

/** Which pairs a plan names, so that the database refuses to delete a pair still in a plan. */
@Entity('plan_pairs')
export class PlanPairEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @PrimaryColumn({ name: 'pair_id', type: 'uuid' })
  pairId: string;
}

import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '@twinsite/shared';

@Entity('sites')
export class SiteEntity extends VersionedEntity {
  @Column()
  name: string;

  @Column({ name: 'arm_endpoint' })
  armEndpoint: string;

  @Column()
  location: string;

  @Column({ name: 'subscription_id' })
  subscriptionId: string;

  @Column({ name: 'tenant_id' })
  tenantId: string;

  @Column({ name: 'client_id' })
  clientId: string;

  /** AES-256-GCM under TWINSITE_SECRET_KEY; see SecretBox. */
  @Column({ name: 'client_secret_sealed' })
  clientSecretSealed: string;

  @Column({ name: 'ca_certificate', type: 'text', nullable: true })
  caCertificate: string | null;

  @Column({ name: 'api_profile' })
  apiProfile: string;
}

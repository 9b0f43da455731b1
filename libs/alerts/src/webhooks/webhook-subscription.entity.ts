import { Column, Entity } from 'typeorm';
import type { AlertKind } from '@twinsite/core';
import { VersionedEntity } from '@twinsite/shared';
import type { WebhookFormat } from './webhook-payload';

@Entity('webhook_subscriptions')
export class WebhookSubscriptionEntity extends VersionedEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  format: WebhookFormat;

  /** HMAC key for X-Twinsite-Signature, sealed by SecretBox; null sends unsigned requests. */
  @Column({ name: 'secret_sealed', type: 'text', nullable: true })
  secretSealed: string | null;

  /** The alert kinds to notify; empty means all. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  kinds: AlertKind[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}

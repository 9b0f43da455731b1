import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertEventName } from '../alert.entity';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'retrying'] as const;
/** `retrying`: this attempt failed and a next one is scheduled; `failed`: the last attempt failed. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt to deliver one alert event to one subscription. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @Column({ type: 'text' })
  event: AlertEventName;

  @Column({ name: 'event_seq', type: 'bigint' })
  eventSeq: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  /** The alert as it was when the event happened (what every attempt sends). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

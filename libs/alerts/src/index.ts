import { CreateAlerts1764210000000 } from './migrations/1764210000000-create-alerts';

export * from './alert.entity';
export * from './alerts.module';
export * from './alerts.service';
export * from './dtos/alert.response';
export * from './webhooks/webhook-signature';
export * from './webhooks/webhook-payload';
export { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
export const ALERT_MIGRATIONS = [CreateAlerts1764210000000];

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@twinsite/audit';
import { EventsModule } from '@twinsite/events';
import { SecretBox } from '@twinsite/shared';
import { AlertEntity } from './alert.entity';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookSubscriptionEntity } from './webhooks/webhook-subscription.entity';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([AlertEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity]),
    AuditModule,
    EventsModule,
  ],
  controllers: [AlertsController, WebhooksController],
  providers: [AlertsService, WebhooksService, WebhookDeliveryWorker, SecretBox],
  exports: [AlertsService],
})
export class AlertsModule {}

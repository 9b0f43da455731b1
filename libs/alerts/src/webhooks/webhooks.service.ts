import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import {
  Actor,
  changedFields,
  lockForUpdate,
  notFound,
  Page,
  PageQueryDto,
  paginate,
  SecretBox,
} from '@twinsite/shared';
import type { AlertEntity, AlertEventName } from '../alert.entity';
import { toAlertResponse } from '../dtos/alert.response';
import { CreateWebhookDto } from './dtos/create-webhook.dto';
import { ListDeliveriesQuery } from './dtos/list-deliveries.query';
import { UpdateWebhookDto } from './dtos/update-webhook.dto';
import { urlForAudit } from './dtos/webhook.response';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export interface AlertChange {
  event: AlertEventName;
  alert: AlertEntity;
}

/** Webhook subscriptions (admin), their delivery log, and the outbox the alert changes write to. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  create(actor: Actor, input: CreateWebhookDto): Promise<WebhookSubscriptionEntity> {
    return this.db.transaction(async (m) => {
      const saved = await m.save(
        WebhookSubscriptionEntity,
        m.create(WebhookSubscriptionEntity, {
          name: input.name,
          url: input.url,
          format: input.format ?? 'generic',
          secretSealed: input.secret !== undefined ? this.secrets.seal(input.secret) : null,
          kinds: input.kinds ?? [],
          enabled: input.enabled ?? true,
        }),
      );
      await this.audit.record(m, actor, 'alert-webhook.create', 'alert-webhook', saved.id, forAudit(input));
      return saved;
    });
  }

  list(query: PageQueryDto): Promise<Page<WebhookSubscriptionEntity>> {
    return paginate(this.db.getRepository(WebhookSubscriptionEntity).createQueryBuilder('w'), query);
  }

  async get(id: string): Promise<WebhookSubscriptionEntity> {
    const found = await this.db.getRepository(WebhookSubscriptionEntity).findOneBy({ id });
    if (!found) throw notFound('alert-webhook', id);
    return found;
  }

  update(
    actor: Actor,
    id: string,
    patch: UpdateWebhookDto,
    expected?: number,
  ): Promise<WebhookSubscriptionEntity> {
    return this.db.transaction(async (m) => {
      const subscription = await lockForUpdate(
        m,
        WebhookSubscriptionEntity,
        'alert-webhook',
        id,
        expected ?? patch.version,
      );
      const { secret, version: _version, ...fields } = patch;
      Object.assign(subscription, changedFields(fields));
      if (secret !== undefined) subscription.secretSealed = this.secrets.seal(secret);
      const saved = await m.save(subscription);
      await this.audit.record(
        m,
        actor,
        'alert-webhook.update',
        'alert-webhook',
        id,
        forAudit(changedFields(patch)),
      );
      return saved;
    });
  }

  remove(actor: Actor, id: string, expected?: number): Promise<void> {
    return this.db.transaction(async (m) => {
      const subscription = await lockForUpdate(m, WebhookSubscriptionEntity, 'alert-webhook', id, expected);
      await m.delete(WebhookSubscriptionEntity, { id });
      await this.audit.record(m, actor, 'alert-webhook.delete', 'alert-webhook', id, {
        name: subscription.name,
      });
    });
  }

  /** Every attempt, oldest first (the attempts of one notification in order). */
  async listDeliveries(
    subscriptionId: string,
    query: ListDeliveriesQuery,
  ): Promise<Page<WebhookDeliveryEntity>> {
    await this.get(subscriptionId);
    const qb = this.db
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.subscription_id = :subscriptionId', { subscriptionId });
    if (query.alertId) qb.andWhere('d.alert_id = :alertId', { alertId: query.alertId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    return paginate(qb, query);
  }

  openSecret(sealed: string | null): string | null {
    return sealed === null ? null : this.secrets.open(sealed);
  }

  /**
   * The outbox: one pending first attempt per matching subscription and alert change,
   * written in the caller's transaction, so a change that rolls back notifies no one
   * and a committed one is never forgotten (the delivery worker picks it up).
   */
  async enqueue(m: EntityManager, changes: readonly AlertChange[]): Promise<void> {
    if (changes.length === 0) return;
    const [{ any }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled) AS any`,
    );
    if (!any) return;
    const rows = changes.map((c, n) => ({
      n,
      alert_id: c.alert.id,
      event: c.event,
      kind: c.alert.kind,
      payload: toAlertResponse(c.alert),
    }));
    await m.query(
      `INSERT INTO webhook_deliveries (subscription_id, alert_id, event, attempt, status, payload, next_attempt_at)
       SELECT s.id, c.alert_id, c.event, 1, 'pending', c.payload, now()
       FROM jsonb_to_recordset($1::jsonb) AS c(n int, alert_id uuid, event text, kind text, payload jsonb)
       JOIN webhook_subscriptions s ON s.enabled AND (cardinality(s.kinds) = 0 OR c.kind = ANY (s.kinds))
       ORDER BY c.n, s.created_at, s.id`,
      [JSON.stringify(rows)],
    );
  }
}

function forAudit(input: Partial<CreateWebhookDto>): Record<string, unknown> {
  const { url, ...rest } = input;
  return url === undefined ? { ...rest } : { ...rest, url: urlForAudit(url) };
}

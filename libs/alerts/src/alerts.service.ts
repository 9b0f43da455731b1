import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import { activeAlertKinds, ALERT_KINDS, AlertKind, RpoCondition } from '@twinsite/core';
import { EventsService } from '@twinsite/events';
import {
  Actor,
  conflict,
  MetricsService,
  notFound,
  Page,
  paginate,
  validationFailed,
} from '@twinsite/shared';
import { alertFromRow, AlertEntity, AlertEventName } from './alert.entity';
import { toAlertResponse } from './dtos/alert.response';
import { ListAlertsQuery } from './dtos/list-alerts.query';
import { AlertChange, WebhooksService } from './webhooks/webhooks.service';

/** One pair's conditions after a lag reading, as the lag monitor computed them. */
export interface PairAlertInput {
  pairId: string;
  applicationId: string;
  /** Recorded on the pair's alerts (e.g. the source site), for `?siteId=`. */
  siteId?: string | null;
  /** From `evaluateRpoCondition` (hysteresis included; see `previousConditions`). */
  condition: RpoCondition;
  /** From `evaluateSourceFailing`. */
  sourceFailing: boolean;
  lagSeconds: number | null;
  rpoSeconds: number;
}

export interface AlertChanges {
  opened: AlertEntity[];
  resolved: AlertEntity[];
}

/** The alert kinds a pair's own conditions decide (site-unreachable belongs to the site). */
const PAIR_KINDS: readonly AlertKind[] = ['rpo-warning', 'rpo-breach', 'lag-source-failing'];
const RPO_CONDITIONS: readonly RpoCondition[] = ['ok', 'warning', 'breach'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const pairSubject = (pairId: string) => `pair:${pairId}`;
export const siteSubject = (siteId: string) => `site:${siteId}`;

/**
 * Opens, acknowledges and resolves alerts. The rules of when are core's
 * (`activeAlertKinds`); this service makes them hold in the database for many pairs
 * at once and across controller instances: at most one unresolved alert per subject
 * and kind (a unique partial index), set-based SQL for a whole batch, every change
 * written with its webhook deliveries in one transaction, then published on the
 * event stream.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger('alerts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly webhooks: WebhooksService,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const read = () => this.openCounts();
    new Gauge({
      name: 'twinsite_alerts_open',
      help: 'Alerts not yet resolved (open or acknowledged), by kind, across all controller instances',
      labelNames: ['kind'] as const,
      registers: [this.metrics.registry],
      async collect() {
        try {
          const counts = await read();
          for (const kind of ALERT_KINDS) this.set({ kind }, counts.get(kind) ?? 0);
        } catch {
          // The database being away is /readyz's news; the scrape keeps the last values.
        }
      },
    });
  }

  /**
   * Applies a batch of pair conditions: for every pair, the alerts core says should be
   * open are opened (unless already), the others resolved, and the worst lag of those
   * that stay open is kept. One statement for the whole batch, so 10,000 pairs cost
   * one round trip; concurrent calls for the same pair (two instances) open one alert.
   */
  async applyPairConditions(batch: readonly PairAlertInput[]): Promise<AlertChanges> {
    // Sorted, so that every batch takes its locks in the same order.
    const inputs = latestPerPair(batch).sort((x, y) =>
      x.pairId < y.pairId ? -1 : x.pairId > y.pairId ? 1 : 0,
    );
    if (inputs.length === 0) return { opened: [], resolved: [] };
    const params = {
      pairIds: [] as string[],
      applicationIds: [] as (string | null)[],
      siteIds: [] as (string | null)[],
      lags: [] as (number | null)[],
      rpos: [] as number[],
      wanted: [] as string[],
    };
    for (const input of inputs) {
      params.pairIds.push(input.pairId);
      params.applicationIds.push(input.applicationId ?? null);
      params.siteIds.push(input.siteId ?? null);
      params.lags.push(input.lagSeconds);
      params.rpos.push(input.rpoSeconds);
      params.wanted.push(
        activeAlertKinds({ rpo: input.condition, sourceFailing: input.sourceFailing }).join(','),
      );
    }
    const changes = await this.transactionRetryingDeadlocks(async (m) => {
      // Lock the batch's unresolved alerts in one global order first, and insert in that
      // order too, so concurrent batches (other instances, other orders) queue instead
      // of deadlocking.
      await m.query(
        `SELECT id FROM alerts WHERE subject_key = ANY ($1::text[]) AND state <> 'resolved' ORDER BY subject_key, kind FOR UPDATE`,
        [params.pairIds.map(pairSubject)],
      );
      const rows: Array<Record<string, any>> = await m.query(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::float8[], $5::float8[], $6::text[])
             AS i(pair_id, application_id, site_id, lag_seconds, rpo_seconds, wanted)
         ),
         wanted AS (
           SELECT i.*, k.kind FROM input i CROSS JOIN LATERAL unnest(string_to_array(i.wanted, ',')) AS k(kind)
         ),
         resolved AS (
           UPDATE alerts a
           SET state = 'resolved', resolved_at = now(),
               details = a.details || jsonb_build_object('lagSecondsAtResolve', i.lag_seconds)
           FROM input i
           WHERE a.subject_key = 'pair:' || i.pair_id
             AND a.state <> 'resolved'
             AND a.kind = ANY ($7::text[])
             AND NOT (a.kind = ANY (string_to_array(i.wanted, ',')))
           RETURNING a.*
         ),
         worsened AS (
           UPDATE alerts a
           SET details = jsonb_set(a.details, '{worstLagSeconds}', to_jsonb(w.lag_seconds))
           FROM wanted w
           WHERE a.subject_key = 'pair:' || w.pair_id AND a.kind = w.kind AND a.state <> 'resolved'
             AND w.lag_seconds IS NOT NULL
             AND w.lag_seconds > coalesce((a.details ->> 'worstLagSeconds')::float8, -1)
           RETURNING a.id
         ),
         opened AS (
           INSERT INTO alerts (kind, pair_id, application_id, site_id, subject_key, details)
           SELECT w.kind, w.pair_id, w.application_id, w.site_id, 'pair:' || w.pair_id,
                  jsonb_build_object('lagSeconds', w.lag_seconds, 'rpoSeconds', w.rpo_seconds, 'worstLagSeconds', w.lag_seconds)
           FROM wanted w
           WHERE NOT EXISTS (
             SELECT 1 FROM alerts a WHERE a.subject_key = 'pair:' || w.pair_id AND a.kind = w.kind AND a.state <> 'resolved')
           ORDER BY 'pair:' || w.pair_id, w.kind
           ON CONFLICT (subject_key, kind) WHERE state <> 'resolved' DO NOTHING
           RETURNING *
         )
         SELECT 'opened' AS change, o.* FROM opened o
         UNION ALL
         SELECT 'resolved' AS change, r.* FROM resolved r`,
        [
          params.pairIds,
          params.applicationIds,
          params.siteIds,
          params.lags,
          params.rpos,
          params.wanted,
          PAIR_KINDS,
        ],
      );
      const changes = rows.map((row) => ({ event: row.change as AlertEventName, alert: alertFromRow(row) }));
      await this.webhooks.enqueue(m, changes);
      return changes;
    });
    return this.afterCommit(changes);
  }

  /** Opens (unreachable) or resolves (reachable) the site's `site-unreachable` alert. Idempotent. */
  async setSiteReachable(
    siteId: string,
    reachable: boolean,
    details: Record<string, unknown> = {},
  ): Promise<AlertChanges> {
    assertUuid('siteId', siteId);
    const changes = await this.db.transaction(async (m) => {
      const rows: Array<Record<string, any>> = reachable
        ? await m.query(
            `WITH resolved AS (
               UPDATE alerts SET state = 'resolved', resolved_at = now()
               WHERE subject_key = $1 AND kind = 'site-unreachable' AND state <> 'resolved'
               RETURNING *)
             SELECT 'resolved' AS change, * FROM resolved`,
            [siteSubject(siteId)],
          )
        : await m.query(
            `INSERT INTO alerts (kind, site_id, subject_key, details)
             VALUES ('site-unreachable', $1, $2, $3::jsonb)
             ON CONFLICT (subject_key, kind) WHERE state <> 'resolved' DO NOTHING
             RETURNING 'opened' AS change, *`,
            [siteId, siteSubject(siteId), JSON.stringify(details)],
          );
      const changes = rows.map((row) => ({ event: row.change as AlertEventName, alert: alertFromRow(row) }));
      await this.webhooks.enqueue(m, changes);
      return changes;
    });
    return this.afterCommit(changes);
  }

  /**
   * Resolves every unresolved alert of these pairs (a pair deleted, paused or failed
   * over is no longer watched, so nothing else would ever clear its alerts).
   */
  async resolvePairs(pairIds: readonly string[], reason: string): Promise<AlertChanges> {
    const ids = [...new Set(pairIds)];
    ids.forEach((id) => assertUuid('pairId', id));
    if (ids.length === 0) return { opened: [], resolved: [] };
    const changes = await this.db.transaction(async (m) => {
      const rows: Array<Record<string, any>> = await m.query(
        `WITH resolved AS (
           UPDATE alerts SET state = 'resolved', resolved_at = now(), details = details || jsonb_build_object('resolvedBecause', $2::text)
           WHERE subject_key = ANY ($1::text[]) AND state <> 'resolved'
           RETURNING *)
         SELECT 'resolved' AS change, * FROM resolved`,
        [ids.map(pairSubject), reason],
      );
      const changes = rows.map((row) => ({ event: 'resolved' as const, alert: alertFromRow(row) }));
      await this.webhooks.enqueue(m, changes);
      return changes;
    });
    return this.afterCommit(changes);
  }

  /**
   * The RPO condition and source-failing state the open alerts of each pair stand
   * for: the `previous` that `evaluateRpoCondition` needs for its hysteresis, durable
   * across restarts and shared by all instances. Pairs without open alerts are `ok`.
   */
  async previousConditions(
    pairIds: readonly string[],
  ): Promise<Map<string, { rpo: RpoCondition; sourceFailing: boolean }>> {
    const result = new Map<string, { rpo: RpoCondition; sourceFailing: boolean }>();
    const ids = [...new Set(pairIds)];
    for (const id of ids) result.set(id, { rpo: 'ok', sourceFailing: false });
    if (ids.length === 0) return result;
    const rows: Array<{ subject_key: string; kinds: string[] }> = await this.db.query(
      `SELECT subject_key, array_agg(kind) AS kinds FROM alerts
       WHERE subject_key = ANY ($1::text[]) AND state <> 'resolved'
       GROUP BY subject_key`,
      [ids.map(pairSubject)],
    );
    for (const row of rows) {
      const kinds = new Set(row.kinds);
      result.set(row.subject_key.slice('pair:'.length), {
        rpo: kinds.has('rpo-breach') ? 'breach' : kinds.has('rpo-warning') ? 'warning' : 'ok',
        sourceFailing: kinds.has('lag-source-failing'),
      });
    }
    return result;
  }

  /** An operator says they are on it: who and when are recorded (and audited); the alert stays until its condition clears. */
  async acknowledge(actor: Actor, id: string, note?: string | null): Promise<AlertEntity> {
    const alert = await this.db.transaction(async (m) => {
      const current = await this.lockAlert(m, id);
      if (current.state === 'resolved') {
        throw conflict(
          'alert-resolved',
          `alert ${id} was resolved at ${current.resolvedAt?.toISOString()}; there is nothing to acknowledge`,
          {
            id,
            state: current.state,
            resolvedAt: current.resolvedAt,
          },
        );
      }
      if (current.state === 'acknowledged') {
        throw conflict(
          'alert-acknowledged',
          `alert ${id} was already acknowledged by ${current.acknowledgedBy} at ${current.acknowledgedAt?.toISOString()}`,
          {
            id,
            state: current.state,
            acknowledgedBy: current.acknowledgedBy,
            acknowledgedAt: current.acknowledgedAt,
          },
        );
      }
      const [row] = await m.query(
        `WITH acked AS (
           UPDATE alerts SET state = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2, note = $3
           WHERE id = $1 RETURNING *)
         SELECT * FROM acked`,
        [id, actor.name, note ?? null],
      );
      const acknowledged = alertFromRow(row);
      await this.audit.record(m, actor, 'alert.acknowledge', 'alert', id, {
        kind: acknowledged.kind,
        subjectKey: acknowledged.subjectKey,
        note: note ?? null,
      });
      await this.webhooks.enqueue(m, [{ event: 'acknowledged', alert: acknowledged }]);
      return acknowledged;
    });
    await this.publish([{ event: 'acknowledged', alert }]);
    return alert;
  }

  list(query: ListAlertsQuery): Promise<Page<AlertEntity>> {
    const qb = this.db.getRepository(AlertEntity).createQueryBuilder('alert');
    if (query.state) qb.andWhere('alert.state IN (:...states)', { states: query.state.split(',') });
    if (query.kind) qb.andWhere('alert.kind IN (:...kinds)', { kinds: query.kind.split(',') });
    if (query.pairId) qb.andWhere('alert.pair_id = :pairId', { pairId: query.pairId });
    if (query.applicationId)
      qb.andWhere('alert.application_id = :applicationId', { applicationId: query.applicationId });
    if (query.siteId) qb.andWhere('alert.site_id = :siteId', { siteId: query.siteId });
    return paginate(qb, query);
  }

  async get(id: string): Promise<AlertEntity> {
    const alert = await this.db.getRepository(AlertEntity).findOneBy({ id });
    if (!alert) throw notFound('alert', id);
    return alert;
  }

  /** Unresolved alerts per kind (open or acknowledged). */
  async openCounts(): Promise<Map<AlertKind, number>> {
    const rows: Array<{ kind: AlertKind; count: string }> = await this.db.query(
      `SELECT kind, count(*) AS count FROM alerts WHERE state <> 'resolved' GROUP BY kind`,
    );
    return new Map(rows.map((r) => [r.kind, Number(r.count)]));
  }

  /**
   * A deadlock between two batches is still conceivable (rows committed between the
   * lock step and the statement); PostgreSQL breaks it by failing one, which is retried.
   */
  private async transactionRetryingDeadlocks<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(work);
      } catch (error) {
        const code = (error as any)?.driverError?.code ?? (error as any)?.code;
        if ((code !== '40P01' && code !== '40001') || attempt >= 5) throw error;
        this.logger.warn(
          `alert batch hit ${code === '40P01' ? 'a deadlock' : 'a serialization failure'}; retrying (attempt ${attempt + 1})`,
        );
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
      }
    }
  }

  private async lockAlert(m: EntityManager, id: string): Promise<AlertEntity> {
    const alert = await m
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
    if (!alert) throw notFound('alert', id);
    return alert;
  }

  private async afterCommit(changes: AlertChange[]): Promise<AlertChanges> {
    await this.publish(changes);
    const opened = changes.filter((c) => c.event === 'opened').map((c) => c.alert);
    const resolved = changes.filter((c) => c.event === 'resolved').map((c) => c.alert);
    if (opened.length || resolved.length)
      this.logger.log(`alerts: ${opened.length} opened, ${resolved.length} resolved`);
    return { opened, resolved };
  }

  private publish(changes: readonly AlertChange[]): Promise<void> {
    return this.events.publishMany(
      changes.map((c) => ({
        type: 'alert' as const,
        data: { event: c.event, alert: toAlertResponse(c.alert) },
      })),
    );
  }
}

/** The last entry per pair wins (a batch that names a pair twice would otherwise fight with itself). */
function latestPerPair(batch: readonly PairAlertInput[]): PairAlertInput[] {
  const byPair = new Map<string, PairAlertInput>();
  batch.forEach((input, i) => {
    const violations = [];
    if (!input || typeof input.pairId !== 'string' || !UUID.test(input.pairId))
      violations.push(`[${i}].pairId must be a UUID`);
    if (input?.applicationId != null && !UUID.test(input.applicationId))
      violations.push(`[${i}].applicationId must be a UUID`);
    if (input?.siteId != null && !UUID.test(input.siteId)) violations.push(`[${i}].siteId must be a UUID`);
    if (!RPO_CONDITIONS.includes(input?.condition))
      violations.push(`[${i}].condition must be ok, warning or breach`);
    if (input?.lagSeconds !== null && !Number.isFinite(input?.lagSeconds))
      violations.push(`[${i}].lagSeconds must be a number or null`);
    if (!(Number.isFinite(input?.rpoSeconds) && input.rpoSeconds > 0))
      violations.push(`[${i}].rpoSeconds must be positive`);
    if (violations.length > 0) throw new RangeError(`applyPairConditions: ${violations.join('; ')}`);
    byPair.delete(input.pairId);
    byPair.set(input.pairId, input);
  });
  return [...byPair.values()];
}

function assertUuid(field: string, value: string): void {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw validationFailed([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]);
  }
}

import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import { RunActions } from '@twinsite/failover';
import { Actor, AppException, notFound } from '@twinsite/shared';
import {
  allowedSiteActions,
  deriveState,
  isSiteFailoverActive,
  isSiteFailoverEnded,
  isSiteFailoverOpen,
  SiteFailoverAction,
  SiteFailoverPhase,
} from '../domain/site-state';
import { entryView, SiteFailoverResponse } from '../dtos/site-failover.response';
import { SiteFailoverCoordinator } from '../engine/site-failover-coordinator';
import { SiteFailoverEvents } from '../engine/site-failover-events';
import { SiteActionRecord, SiteFailoverEntity, SiteFailoverPlanEntity } from '../site-failover.entity';
import { SiteFailoverQueries } from './site-failover-queries';

const PHASE_OF: Record<Exclude<SiteFailoverAction, 'retry'>, SiteFailoverPhase> = {
  cancel: 'cancel',
  cleanup: 'cleanup',
  commit: 'commit',
};

/**
 * What operators do to a site failover, as they would to a single run: cancel (queued
 * plans are dropped, runs in flight or failed are cancelled), clean up a drill, commit
 * a real failover, retry the failed plans. The decision is taken under the site
 * failover's row lock, audited in the same transaction, and becomes its phase; carrying
 * it to each plan's run is the coordinator's (so a crash half-way is finished by the
 * next tick), done at once here and by every tick after.
 */
@Injectable()
export class SiteFailoverActions {
  private readonly logger = new Logger('site-failover');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly queries: SiteFailoverQueries,
    private readonly coordinator: SiteFailoverCoordinator,
    private readonly runActions: RunActions,
    private readonly events: SiteFailoverEvents,
  ) {}

  cancel(actor: Actor, id: string, note?: string): Promise<SiteFailoverResponse> {
    return this.phase(actor, id, 'cancel', note);
  }

  cleanup(actor: Actor, id: string, note?: string): Promise<SiteFailoverResponse> {
    return this.phase(actor, id, 'cleanup', note);
  }

  commit(actor: Actor, id: string, note?: string): Promise<SiteFailoverResponse> {
    return this.phase(actor, id, 'commit', note);
  }

  /**
   * Every failed plan again: a plan whose start failed goes back to the queue, a failed
   * run resumes from its failed step (the engine's retry), a failed drill cleanup retries.
   */
  async retry(actor: Actor, id: string, note?: string): Promise<SiteFailoverResponse> {
    const failedRuns = await this.act(actor, id, 'retry', note, async (m, _sf, entries) => {
      for (const e of entries) {
        if (e.status !== 'start-failed') continue;
        await m.update(
          SiteFailoverPlanEntity,
          { siteFailoverId: id, planId: e.planId },
          { status: 'queued', startAttempts: 0, error: null },
        );
        Object.assign(e, { status: 'queued', startAttempts: 0, error: null });
      }
      return entries
        .filter(
          (e) =>
            e.status === 'started' && e.runId && (e.runState === 'failed' || e.runState === 'cleanup-failed'),
        )
        .map((e) => e.runId!);
    });
    for (const runId of failedRuns) {
      await this.runActions
        .retryRun(actor, runId)
        .catch((error: unknown) => this.logger.warn(`retry of run ${runId}: ${(error as Error).message}`));
    }
    return this.after(id);
  }

  private async phase(
    actor: Actor,
    id: string,
    action: Exclude<SiteFailoverAction, 'retry'>,
    note?: string,
  ): Promise<SiteFailoverResponse> {
    await this.act(actor, id, action, note, async (m, sf, entries) => {
      sf.phase = PHASE_OF[action];
      if (action === 'cancel') {
        for (const e of entries) {
          if (e.status !== 'queued' && e.status !== 'start-failed') continue;
          await m.update(
            SiteFailoverPlanEntity,
            { siteFailoverId: id, planId: e.planId },
            { status: 'cancelled' },
          );
          e.status = 'cancelled';
        }
      }
      return undefined;
    });
    return this.after(id);
  }

  /** Carries the decision to the runs now (a tick holding the site failover does it instead), then answers. */
  private async after(id: string): Promise<SiteFailoverResponse> {
    await this.coordinator.advance(id, true);
    this.coordinator.kick();
    return this.queries.get(id);
  }

  private async act<T>(
    actor: Actor,
    id: string,
    action: SiteFailoverAction,
    note: string | undefined,
    change: (m: EntityManager, sf: SiteFailoverEntity, entries: SiteFailoverPlanEntity[]) => Promise<T>,
  ): Promise<T> {
    const published: { value?: { sf: SiteFailoverEntity; entries: SiteFailoverPlanEntity[] } } = {};
    const result = await this.db.transaction(async (m) => {
      const sf = await m
        .getRepository(SiteFailoverEntity)
        .createQueryBuilder('sf')
        .where('sf.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!sf) throw notFound('site-failover', id);
      const entries = await m.find(SiteFailoverPlanEntity, {
        where: { siteFailoverId: id },
        order: { position: 'ASC' },
      });
      const allowed = allowedSiteActions(sf.kind, sf.state, entries.map(entryView));
      if (!allowed.includes(action)) {
        throw new AppException(
          HttpStatus.CONFLICT,
          'invalid-state',
          `cannot ${action} site failover ${id}: it is ${sf.state}`,
          { state: sf.state, allowedActions: allowed },
        );
      }
      const from = sf.state;
      const out = await change(m, sf, entries);
      const views = entries.map(entryView);
      const state =
        action === 'retry' && sf.phase === 'failover' && entries.some((e) => e.status === 'queued')
          ? 'running'
          : deriveState(sf.kind, sf.phase, views);
      const ended = isSiteFailoverEnded(sf.kind, state, views);
      const record: SiteActionRecord = {
        action,
        by: actor.name,
        tokenId: actor.tokenId,
        role: actor.role,
        at: new Date().toISOString(),
        ...(note ? { note } : {}),
      };
      await m.query(
        `UPDATE site_failovers SET phase = $2, state = $3, active = $4, open = $5, ended_at = $6, actions = actions || $7::jsonb,
           version = version + 1, updated_at = now() WHERE id = $1`,
        [
          id,
          sf.phase,
          state,
          isSiteFailoverActive(sf.kind, state, views),
          isSiteFailoverOpen(state),
          ended ? new Date() : null,
          JSON.stringify([record]),
        ],
      );
      await this.audit.record(m, actor, `site-failover.${action}`, 'site-failover', id, {
        from,
        to: state,
        ...(note ? { note } : {}),
      });
      Object.assign(sf, { state });
      published.value = { sf, entries };
      return out;
    });
    if (published.value) this.events.publish(published.value.sf, published.value.entries, action);
    return result;
  }
}

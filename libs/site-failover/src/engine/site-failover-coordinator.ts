import { HttpException, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Subscription } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import type { RunState } from '@twinsite/core';
import { RunActions, RunQueries, RunResponse, RunStarter } from '@twinsite/failover';
import { EventsService } from '@twinsite/events';
import { PlanService } from '@twinsite/plans';
import { Actor, Role, TWINSITE_CONFIG, TwinsiteConfig } from '@twinsite/shared';
import {
  deriveState,
  isSiteFailoverActive,
  isSiteFailoverEnded,
  isSiteFailoverOpen,
  RUN_BUSY,
  RUN_CANCELLABLE,
  RUN_NEEDS_CLEANUP,
} from '../domain/site-state';
import { entryView } from '../dtos/site-failover.response';
import { SiteFailoverEntity, SiteFailoverPlanEntity } from '../site-failover.entity';
import { SITE_FAILOVER_OPTIONS, SiteFailoverOptions } from '../site-failover.options';
import { SiteFailoverEvents } from './site-failover-events';

/** Run states after which nothing about the run changes on its own. */
const RUN_QUIET: readonly RunState[] = ['committed', 'cleaned-up', 'reprotected'];

/** The idempotency key of a plan's run in a site failover: a start repeated after a crash returns the run the first one made. */
export const runKeyOf = (siteFailoverId: string) => `site-failover:${siteFailoverId}`;

type EntryPatch = Partial<
  Pick<
    SiteFailoverPlanEntity,
    | 'status'
    | 'runId'
    | 'runState'
    | 'startAttempts'
    | 'error'
    | 'startedAt'
    | 'failedOverAt'
    | 'healthyAt'
    | 'recoveryPointAt'
    | 'achievedRpoSeconds'
    | 'runAchievedRtoSeconds'
  >
>;

const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : new Date(v as string | Date);
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** What a run says about its plan's entry: its state, times, what it achieved, and the error of its first failed step. */
export function patchFromRun(e: SiteFailoverPlanEntity, run: RunResponse): EntryPatch {
  const failedStep = run.steps.find((s) => s.state === 'failed');
  const failed = /(^|-)failed$/.test(run.state);
  const error =
    failed && failedStep?.error
      ? { code: failedStep.error.code, message: failedStep.error.message, step: failedStep.name }
      : failed
        ? { code: 'run-failed', message: `run ${run.id} is ${run.state}` }
        : null;
  const next: EntryPatch = {
    runId: run.id,
    runState: run.state,
    startedAt: date(run.createdAt),
    failedOverAt: date(run.failedOverAt),
    healthyAt: date(run.healthyAt),
    recoveryPointAt: date(run.recoveryPointAt),
    achievedRpoSeconds: run.achievedRpoSeconds,
    runAchievedRtoSeconds: run.achievedRtoSeconds,
    error,
  };
  const patch: EntryPatch = {};
  for (const [k, v] of Object.entries(next) as Array<[keyof EntryPatch, any]>) {
    const cur = (e as any)[k];
    const same =
      v instanceof Date || cur instanceof Date
        ? sameTime(cur ?? null, v ?? null)
        : JSON.stringify(cur ?? null) === JSON.stringify(v ?? null);
    if (!same) (patch as any)[k] = v;
  }
  return patch;
}

/**
 * Moves site failovers along, on every controller instance: takes a site failover's
 * row lock (FOR UPDATE SKIP LOCKED: one instance works on one site failover at a time,
 * the others pass it by), reads where its plans' runs are, starts the next queued plans
 * in tier order as slots free up, carries the operator's cancel, cleanup or commit to
 * each run, and derives the site failover's state. Every decision is made from the
 * rows, so a controller killed at any point leaves nothing another tick cannot finish;
 * a plan's run is started with an idempotency key of the site failover, so a start
 * repeated after a crash returns the run the first one made.
 *
 * The interval is the heartbeat; run events (any instance's, through the event stream)
 * wake it as soon as a plan's run changes state.
 */
@Injectable()
export class SiteFailoverCoordinator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('site-failover');
  private enabled: boolean;
  private stopped = false;
  private ticking: Promise<void> | null = null;
  private again = false;
  private subscription: Subscription | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly starter: RunStarter,
    private readonly actions: RunActions,
    private readonly runs: RunQueries,
    private readonly plans: PlanService,
    private readonly events: SiteFailoverEvents,
    private readonly stream: EventsService,
    @Inject(SITE_FAILOVER_OPTIONS) readonly options: SiteFailoverOptions,
    @Inject(TWINSITE_CONFIG) config: TwinsiteConfig,
  ) {
    this.enabled = config.schedulersEnabled;
  }

  onModuleInit(): void {
    this.subscription = this.stream.stream().subscribe((event) => {
      if (event.type === 'run' && event.data.event === 'run') this.kick();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    await this.ticking;
  }

  enable(): void {
    this.enabled = true;
    this.kick();
  }

  disable(): void {
    this.enabled = false;
  }

  @Interval('site-failover-coordinator', 1_000)
  onInterval(): void {
    if (this.enabled) this.kick();
  }

  /** A tick soon; ticks never overlap, and one asked for during a tick runs right after it. */
  kick(): void {
    if (!this.enabled || this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    setImmediate(() => void this.tick());
  }

  /** One round over every site failover still in progress. */
  async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    const round = (async () => {
      try {
        const open: Array<{ id: string }> = await this.db.query(
          `SELECT id FROM site_failovers WHERE open ORDER BY created_at LIMIT 100`,
        );
        for (const { id } of open) {
          if (this.stopped) break;
          await this.advance(id).catch((error: unknown) =>
            this.logger.warn(`site failover ${id}: ${(error as Error).message}`),
          );
        }
      } catch (error) {
        this.logger.warn(`site failover coordinator round failed: ${(error as Error).message}`);
      }
    })();
    this.ticking = round;
    try {
      await round;
    } finally {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    }
  }

  /**
   * Moves one site failover along; false when another instance holds it right now (or it
   * needs nothing). `wait`: wait for whoever holds it instead (an operator's action wants
   * its answer to say where things are).
   */
  async advance(id: string, wait = false): Promise<boolean> {
    const published: { value?: { sf: SiteFailoverEntity; entries: SiteFailoverPlanEntity[] } } = {};
    const worked = await this.db.transaction(async (m) => {
      const qb = m
        .getRepository(SiteFailoverEntity)
        .createQueryBuilder('sf')
        .where('sf.id = :id', { id })
        .setLock('pessimistic_write');
      const sf = await (wait ? qb : qb.setOnLocked('skip_locked')).getOne();
      if (!sf || !sf.open) return false;
      const entries = await m.find(SiteFailoverPlanEntity, {
        where: { siteFailoverId: id },
        order: { position: 'ASC' },
      });
      let changed = await this.refresh(m, entries);
      changed = (await this.drive(m, sf, entries)) || changed;
      changed = (await this.settle(m, sf, entries)) || changed;
      if (changed) published.value = { sf, entries };
      return true;
    });
    if (published.value) this.events.publish(published.value.sf, published.value.entries);
    return worked;
  }

  // ---- internals -----------------------------------------------------------------

  /** Where each started plan's run is now. */
  private async refresh(m: EntityManager, entries: SiteFailoverPlanEntity[]): Promise<boolean> {
    let changed = false;
    for (const e of entries) {
      if (e.status !== 'started' || !e.runId || (e.runState && RUN_QUIET.includes(e.runState))) continue;
      const run = await this.runs.get(e.runId).catch(() => null);
      if (run) changed = (await this.patch(m, e, patchFromRun(e, run))) || changed;
    }
    return changed;
  }

  /** What the phase asks of each run. */
  private async drive(
    m: EntityManager,
    sf: SiteFailoverEntity,
    entries: SiteFailoverPlanEntity[],
  ): Promise<boolean> {
    switch (sf.phase) {
      case 'failover':
        return this.startQueued(m, sf, entries);
      case 'cancel': {
        let changed = false;
        const actor = this.actorOf(sf, 'cancel');
        for (const e of entries) {
          if (e.status === 'queued' || e.status === 'start-failed')
            changed = (await this.patch(m, e, { status: 'cancelled' })) || changed;
          else if (e.status === 'started' && e.runState && RUN_CANCELLABLE.includes(e.runState)) {
            changed =
              (await this.runAction(m, e, () =>
                this.actions.cancel(actor, e.runId!, `site failover ${sf.id} cancelled`),
              )) || changed;
          }
        }
        return changed;
      }
      case 'cleanup': {
        let changed = false;
        const actor = this.actorOf(sf, 'cleanup');
        for (const e of entries) {
          if (e.status === 'started' && e.runState && RUN_NEEDS_CLEANUP.includes(e.runState)) {
            changed =
              (await this.runAction(m, e, () =>
                this.actions.cleanup(actor, e.runId!, `site failover ${sf.id} cleanup`),
              )) || changed;
          }
        }
        return changed;
      }
      case 'commit': {
        let changed = false;
        const actor = this.actorOf(sf, 'commit');
        for (const e of entries) {
          if (e.status === 'started' && e.runState === 'failed-over') {
            changed =
              (await this.runAction(m, e, () =>
                this.actions.commit(actor, e.runId!, `site failover ${sf.id} committed`),
              )) || changed;
          }
        }
        return changed;
      }
    }
  }

  /** Starts queued plans, in tier order, into the free slots (a plan whose run failed gives its slot back). */
  private async startQueued(
    m: EntityManager,
    sf: SiteFailoverEntity,
    entries: SiteFailoverPlanEntity[],
  ): Promise<boolean> {
    let free =
      sf.plansInFlight -
      entries.filter((e) => e.status === 'started' && e.runState !== null && RUN_BUSY.includes(e.runState))
        .length;
    let changed = false;
    const actor = this.actorOf(sf, 'start');
    for (const e of entries) {
      if (free <= 0) break;
      if (e.status !== 'queued') continue;
      try {
        const { plan } = await this.plans.get(e.planId);
        const { run } = await this.starter.start(
          actor,
          e.planId,
          { kind: sf.kind, recoveryPoint: 'latest', confirm: plan.name, acceptWarnings: true },
          runKeyOf(sf.id),
        );
        await this.patch(m, e, { status: 'started', ...patchFromRun(e, run) });
        if (RUN_BUSY.includes(run.state)) free--;
      } catch (error) {
        if (error instanceof HttpException) {
          const body = (error.getResponse() as any)?.error;
          await this.patch(m, e, {
            status: 'start-failed',
            startAttempts: e.startAttempts + 1,
            error: {
              code: body?.code ?? 'start-failed',
              message: body?.message ?? error.message,
              ...(body?.details ? { details: body.details } : {}),
            },
          });
        } else {
          const attempts = e.startAttempts + 1;
          const message = (error as Error).message;
          this.logger.warn(
            `site failover ${sf.id}: starting plan ${e.planName} failed (attempt ${attempts}): ${message}`,
          );
          await this.patch(m, e, {
            startAttempts: attempts,
            ...(attempts >= this.options.startAttempts
              ? { status: 'start-failed' as const, error: { code: 'start-failed', message } }
              : {}),
          });
        }
      }
      changed = true;
    }
    return changed;
  }

  /** A run-level action the phase asks for; the run's answer updates the entry, a refusal is left for the next look. */
  private async runAction(
    m: EntityManager,
    e: SiteFailoverPlanEntity,
    act: () => Promise<RunResponse>,
  ): Promise<boolean> {
    try {
      return await this.patch(m, e, patchFromRun(e, await act()));
    } catch (error) {
      this.logger.warn(`plan ${e.planName}, run ${e.runId}: ${(error as Error).message}`);
      return false;
    }
  }

  /** The site failover's state from its plans; the press-to-healthy time once every plan came up. */
  private async settle(
    m: EntityManager,
    sf: SiteFailoverEntity,
    entries: SiteFailoverPlanEntity[],
  ): Promise<boolean> {
    const views = entries.map(entryView);
    const state = deriveState(sf.kind, sf.phase, views);
    const active = isSiteFailoverActive(sf.kind, state, views);
    const open = isSiteFailoverOpen(state);
    const ended = isSiteFailoverEnded(sf.kind, state, views);
    let healthyAt = sf.healthyAt;
    let rto = sf.achievedRtoSeconds;
    if (sf.phase === 'failover' && state === 'failed-over' && !healthyAt) {
      const times = entries
        .map((e) => (e.healthyAt ?? e.failedOverAt)?.getTime())
        .filter((t): t is number => t !== undefined);
      if (times.length) {
        healthyAt = new Date(Math.max(...times));
        rto = Math.max(0, (healthyAt.getTime() - sf.createdAt.getTime()) / 1000);
      }
    }
    const endedAt = ended ? (sf.endedAt ?? new Date()) : null;
    if (
      state === sf.state &&
      active === sf.active &&
      open === sf.open &&
      sameTime(healthyAt, sf.healthyAt) &&
      sameTime(endedAt, sf.endedAt)
    )
      return false;
    await m.query(
      `UPDATE site_failovers SET state = $2, active = $3, open = $4, healthy_at = $5, achieved_rto_seconds = $6, ended_at = $7,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [sf.id, state, active, open, healthyAt, rto, endedAt],
    );
    Object.assign(sf, { state, active, open, healthyAt, achievedRtoSeconds: rto, endedAt });
    return true;
  }

  private async patch(m: EntityManager, e: SiteFailoverPlanEntity, patch: EntryPatch): Promise<boolean> {
    if (Object.keys(patch).length === 0) return false;
    await m.update(SiteFailoverPlanEntity, { siteFailoverId: e.siteFailoverId, planId: e.planId }, patch);
    Object.assign(e, patch);
    return true;
  }

  /** Runs are moved as the person who pressed: the start's requester, or whoever asked for the phase. */
  private actorOf(sf: SiteFailoverEntity, action: string): Actor {
    const record = [...sf.actions].reverse().find((a) => a.action === action) ?? sf.actions[0];
    return {
      tokenId: record?.tokenId ?? sf.requestedByTokenId,
      name: record?.by ?? sf.requestedBy,
      role: (record?.role as Role | undefined) ?? 'operator',
    };
  }
}

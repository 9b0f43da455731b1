import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ARM_GATEWAY, ArmGateway, SiteConnection } from '@twinsite/core';
import { TWINSITE_CONFIG, TwinsiteConfig } from '@twinsite/shared';
import { SiteService } from '@twinsite/sites';
import { FAILOVER_OPTIONS, FailoverOptions } from '../failover.options';
import { STEP_EXECUTORS, StepExecutor } from '../steps/step-executor';
import { FailoverMetrics } from './failover-metrics';
import { RunAdvancer } from './run-advancer';
import { RunEvents } from './run-events';
import { StepRunner } from './step-runner';
import { ClaimedStep, StepStore } from './step-store';

/**
 * The failover engine's loop, on every controller instance: move runs along, claim
 * runnable steps (leased, with a new epoch), run them, and go again at once when
 * something finished. The interval is only the heartbeat of an idle engine; a busy
 * one is driven by its own completions. Off when the schedulers are (tests and tools
 * drive it with `tick()`, or `enable()` it).
 */
@Injectable()
export class FailoverWorker implements OnModuleDestroy {
  private readonly logger = new Logger('failover');
  private enabled: boolean;
  private ticking = false;
  private again = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();
  private readonly runner: StepRunner;
  private readonly executors: Map<string, StepExecutor>;
  /** Resolves the site connections once per run of a step: SiteService opens the secret per call. */
  private readonly sites = new Map<string, { at: number; connection: Promise<SiteConnection> }>();

  constructor(
    private readonly store: StepStore,
    private readonly advancer: RunAdvancer,
    private readonly events: RunEvents,
    private readonly metrics: FailoverMetrics,
    private readonly siteService: SiteService,
    @Inject(ARM_GATEWAY) gateway: ArmGateway,
    @Inject(FAILOVER_OPTIONS) readonly options: FailoverOptions,
    @Inject(TWINSITE_CONFIG) config: TwinsiteConfig,
    @Inject(STEP_EXECUTORS) executors: StepExecutor[],
  ) {
    this.enabled = config.schedulersEnabled;
    this.executors = new Map(executors.map((e) => [e.kind, e]));
    this.runner = new StepRunner(store, { gateway, options, site: (id) => this.site(id) });
    store.countRefusalsWith({ refused: () => metrics.staleWritesRefused.inc() });
  }

  enable(): void {
    this.enabled = true;
    this.kick();
  }

  disable(): void {
    this.enabled = false;
  }

  get busy(): number {
    return this.inFlight.size;
  }

  @Interval('failover-worker', 1_000)
  onInterval(): void {
    if (this.enabled) this.kick();
  }

  /** Runs a tick soon; ticks never overlap, and one asked for during a tick runs right after it. */
  kick(): void {
    if (!this.enabled || this.shutdown.signal.aborted) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    setImmediate(() => void this.tick());
  }

  /** One round: move runs along, then claim and start what is runnable. Returns how many steps were started. */
  async tick(): Promise<number> {
    if (this.ticking) {
      this.again = true;
      return 0;
    }
    this.ticking = true;
    let started = 0;
    try {
      await this.advancer.advanceBusy();
      const free = this.options.maxInFlight - this.inFlight.size;
      const grantedAt = performance.now();
      const claimed = free > 0 ? await this.store.claim(free) : [];
      for (const step of claimed) this.start(step, grantedAt);
      started = claimed.length;
    } catch (error) {
      this.logger.warn(`failover worker round failed: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    }
    return started;
  }

  private start(step: ClaimedStep, grantedAt: number): void {
    const executor = this.executors.get(step.kind);
    const execution = (async () => {
      this.metrics.claims.inc({ kind: step.kind });
      this.events.publish({
        id: step.runId,
        planId: step.run.planId,
        kind: step.run.kind,
        state: step.run.state,
        event: 'step',
        step: { id: step.id, name: step.name, state: 'running' },
      });
      if (!executor) {
        this.logger.error(`no executor for step kind ${step.kind}`);
        return;
      }
      const outcome = await this.runner.run(step, executor, grantedAt, this.shutdown.signal);
      this.metrics.outcomes.inc({ kind: step.kind, outcome });
      if (outcome !== 'lease-lost') {
        this.events.publish({
          id: step.runId,
          planId: step.run.planId,
          kind: step.run.kind,
          state: step.run.state,
          event: 'step',
          step: { id: step.id, name: step.name, state: outcome },
        });
        await this.advancer.advance(step.runId);
      }
    })()
      .catch((error: unknown) =>
        this.logger.error(`step ${step.id} (${step.name}): ${(error as Error).message}`),
      )
      .finally(() => {
        this.inFlight.delete(step.id);
        this.kick();
      });
    this.inFlight.set(step.id, execution);
  }

  private site(siteId: string): Promise<SiteConnection> {
    const cached = this.sites.get(siteId);
    if (cached && Date.now() - cached.at < 30_000) return cached.connection;
    const connection = this.siteService.connection(siteId);
    connection.catch(() => this.sites.delete(siteId));
    this.sites.set(siteId, { at: Date.now(), connection });
    return connection;
  }

  /** Stops claiming; steps in flight stop at their next action and hand their leases back. */
  async onModuleDestroy(): Promise<void> {
    this.enabled = false;
    this.shutdown.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }
}

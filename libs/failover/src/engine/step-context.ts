import type { ArmGateway, LroHooks, SiteConnection } from '@twinsite/core';
import type { StepResource } from '../failover-step.entity';
import type { FailoverOptions } from '../failover.options';
import type { Fence } from './fence';
import type { ClaimedStep, StepStore } from './step-store';

/** What the step executors use besides their context: the ARM gateway and a few services. */
export interface StepServices {
  gateway: ArmGateway;
  options: FailoverOptions;
  site(siteId: string): Promise<SiteConnection>;
}

/**
 * A claimed step as its executor sees it. The executor says what it ensures and
 * calls `ensure` for each action: an action finished before (by an earlier attempt,
 * maybe on another instance) is not repeated; one under way is resumed from its
 * persisted long-running-operation state instead of being sent again; and nothing is
 * sent once the lease is gone.
 */
export class StepContext {
  readonly progress: Record<string, any>;
  readonly resources: StepResource[];
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly step: ClaimedStep,
    readonly fence: Fence,
    private readonly store: StepStore,
    readonly services: StepServices,
  ) {
    this.progress = structuredClone(step.progress ?? {});
    this.progress.done ??= {};
    this.progress.lro ??= {};
    this.resources = [...(step.resources ?? [])];
  }

  get run() {
    return this.step.run;
  }

  get spec(): any {
    return this.step.spec;
  }

  get signal(): AbortSignal {
    return this.fence.signal;
  }

  /** Persists progress now. Writes are queued so that parallel actions never overwrite a newer state with an older one. */
  checkpoint(): Promise<void> {
    const next = this.writes.then(async () => {
      this.fence.assertHeld();
      const ok = await this.store.checkpoint(this.step.id, this.step.epoch, this.progress, this.resources);
      if (!ok) this.fence.lose('another instance holds the step now (stale epoch)');
      this.fence.assertHeld();
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  /** A decision made once and kept across attempts (which recovery point, when the source stopped). */
  async memo<T>(key: string, decide: () => Promise<T>): Promise<T> {
    if (key in this.progress) return this.progress[key] as T;
    const value = await decide();
    this.progress[key] = value;
    await this.checkpoint();
    return value;
  }

  forget(...keys: string[]): void {
    for (const key of keys) {
      delete this.progress[key];
      delete this.progress.done[key];
      delete this.progress.lro[key];
    }
  }

  isDone(key: string): boolean {
    return key in this.progress.done;
  }

  /**
   * One action at a site, at most once to completion: skipped when an earlier attempt
   * finished it; resumed by polling when one started it (its LRO state was saved by
   * `onStarted` before the call returned); otherwise sent, after the fence is checked.
   */
  async ensure<T>(
    key: string,
    act: (hooks: LroHooks) => Promise<T>,
    resource?: (result: T) => StepResource | undefined,
  ): Promise<T> {
    if (this.isDone(key)) return this.progress.done[key] as T;
    this.fence.assertMayAct();
    const hooks: LroHooks = {
      resumeState: this.progress.lro[key],
      abortSignal: this.fence.signal,
      onStarted: async (state) => {
        this.progress.lro[key] = state;
        await this.checkpoint();
      },
    };
    const result = await act(hooks);
    // Recorded before anything else can stop the step: what exists is never forgotten.
    this.progress.done[key] = result ?? null;
    delete this.progress.lro[key];
    const made = result === undefined ? undefined : resource?.(result);
    if (made && !this.resources.some((r) => r.id.toLowerCase() === made.id.toLowerCase()))
      this.resources.push(made);
    await this.checkpoint();
    return result;
  }

  /** Sleeps, waking early (with LeaseLost) when the lease goes or the run is cancelled. */
  async sleep(ms: number): Promise<void> {
    this.fence.assertMayAct();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const poll = setInterval(
        () => {
          if (this.fence.signal.aborted) done();
        },
        Math.min(ms, 250),
      );
      function done() {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    });
    this.fence.assertMayAct();
  }
}

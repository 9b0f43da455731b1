import { Logger } from '@nestjs/common';
import { transitionStep } from '@twinsite/core';
import type { StepError } from '../failover-step.entity';
import { classifyError } from '../steps/step-errors';
import type { StepExecutor, StepOutcome } from '../steps/step-executor';
import { Fence, LeaseLost, StepCancelled } from './fence';
import { StepContext, StepServices } from './step-context';
import { ClaimedStep, StepStore } from './step-store';

export type RunOutcome =
  | 'succeeded'
  | 'waiting-for-approval'
  | 'failed'
  | 'retry-later'
  | 'cancelled'
  | 'lease-lost';

/**
 * Runs one claimed step to an outcome and commits it under the step's epoch: the
 * executor acts, the runner records. While it runs, the lease is renewed; a renewal
 * the store refuses (someone else has the step) or one that finds the run cancelling
 * stops the executor at its next action.
 */
export class StepRunner {
  private readonly logger = new Logger('failover');

  constructor(
    private readonly store: StepStore,
    private readonly services: StepServices,
  ) {}

  async run(
    step: ClaimedStep,
    executor: StepExecutor,
    grantedAt: number,
    shutdown: AbortSignal,
  ): Promise<RunOutcome> {
    const { options } = this.services;
    const fence = new Fence(step.id, step.epoch, options.leaseMs, options.leaseMarginMs, grantedAt);
    const onShutdown = () => fence.lose('this instance is shutting down');
    shutdown.addEventListener('abort', onShutdown);
    const heartbeat = setInterval(() => void this.renew(fence), options.renewEveryMs);
    const ctx = new StepContext(step, fence, this.store, this.services);
    try {
      let outcome: StepOutcome;
      try {
        fence.assertMayAct();
        outcome = await executor.execute(ctx);
        // The effect has happened, or is recorded as under way; whether it may be committed is the epoch's call.
      } catch (error) {
        return await this.failed(ctx, error);
      }
      return await this.commit(ctx, outcome);
    } finally {
      clearInterval(heartbeat);
      shutdown.removeEventListener('abort', onShutdown);
      if (shutdown.aborted) await this.store.abandon(step.id, step.epoch).catch(() => undefined);
    }
  }

  private async renew(fence: Fence): Promise<void> {
    if (!fence.held) return;
    const sentAt = performance.now();
    try {
      const result = await this.store.renew(fence.stepId, fence.epoch);
      if (!result) return fence.lose('another instance holds the step now (stale epoch)');
      fence.renewed(sentAt, this.services.options.leaseMs);
      if (result.runState === 'cancelling') fence.cancel();
    } catch {
      // The database is away: the lease runs out on its own and the fence stops the executor.
    }
  }

  private async commit(ctx: StepContext, outcome: StepOutcome): Promise<RunOutcome> {
    const { step, fence } = ctx;
    const fields = { progress: ctx.progress, resources: ctx.resources };
    if (outcome.type === 'later') {
      const ok = await this.store.release(step.id, step.epoch, {
        ...fields,
        notBefore: outcome.until,
        error: null,
        deferred: true,
      });
      return ok ? 'retry-later' : 'lease-lost';
    }
    const state =
      outcome.type === 'succeeded'
        ? transitionStep('running', 'succeeded')
        : transitionStep('running', 'waiting-approval');
    const ok = await this.store.finish(step.id, step.epoch, state as 'succeeded' | 'waiting-for-approval', {
      ...fields,
      output: outcome.output ?? {},
      error: null,
    });
    if (!ok) {
      fence.lose('stale epoch at commit');
      this.logger.warn(
        `step ${step.id} (${step.name}): finished, but another instance owns it now; its result is not committed here`,
      );
      return 'lease-lost';
    }
    return outcome.type === 'succeeded' ? 'succeeded' : 'waiting-for-approval';
  }

  private async failed(ctx: StepContext, error: unknown): Promise<RunOutcome> {
    const { step, fence } = ctx;
    const fields = { progress: ctx.progress, resources: ctx.resources };
    if (fence.cancelled || error instanceof StepCancelled) {
      const ok = await this.store.finish(
        step.id,
        step.epoch,
        transitionStep('running', 'cancel') as 'cancelled',
        { ...fields, error: null },
      );
      return ok ? 'cancelled' : 'lease-lost';
    }
    if (error instanceof LeaseLost || !fence.held) {
      this.logger.warn(
        `step ${step.id} (${step.name}): ${error instanceof Error ? error.message : 'lease lost'}; leaving it to its new owner`,
      );
      return 'lease-lost';
    }
    const classified = classifyError(error);
    const stepError: StepError = {
      code: classified.code,
      message: classified.message,
      transient: classified.transient,
      at: new Date().toISOString(),
    };
    const { options } = this.services;
    // An operator's retry starts a fresh allowance of attempts.
    const attempts = step.attempts - Number(step.progress.retryBase ?? 0);
    if (classified.transient && attempts < options.maxAttempts) {
      const delay = Math.min(60_000, options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
      this.logger.warn(
        `step ${step.id} (${step.name}) attempt ${attempts} failed (${classified.message}); again in ${delay} ms`,
      );
      const ok = await this.store.release(step.id, step.epoch, {
        ...fields,
        notBefore: new Date(Date.now() + delay),
        error: stepError,
      });
      return ok ? 'retry-later' : 'lease-lost';
    }
    this.logger.warn(`step ${step.id} (${step.name}) failed: ${classified.message}`);
    const ok = await this.store.finish(step.id, step.epoch, transitionStep('running', 'failed') as 'failed', {
      ...fields,
      error: stepError,
    });
    return ok ? 'failed' : 'lease-lost';
  }
}

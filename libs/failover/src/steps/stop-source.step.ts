import { Injectable } from '@nestjs/common';
import { StepContext } from '../engine/step-context';
import { StepExecutor, StepOutcome } from './step-executor';

/**
 * "Source VM <name> is stopped and deallocated" (planned failovers only). The time
 * is taken after the stop completed: the VM's final recovery point is the first one
 * newer than that, so nothing written before the stop is lost.
 */
@Injectable()
export class StopSourceStep implements StepExecutor {
  readonly kind = 'stop-source' as const;

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const site = await ctx.services.site(ctx.run.snapshot.sourceSite.id);
    await ctx.ensure('stopped', async (hooks) => {
      await ctx.services.gateway.ensureVmStopped(site, ctx.spec.sourceVmId, { deallocate: true }, hooks);
      return true;
    });
    const stoppedAt = await ctx.memo('stoppedAt', async () => new Date().toISOString());
    return { type: 'succeeded', output: { stoppedAt } };
  }
}

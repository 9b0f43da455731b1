import { Injectable } from '@nestjs/common';
import { StepContext } from '../engine/step-context';
import { runTags } from '../planning/names';
import { StepExecutor, StepOutcome } from './step-executor';

/** "An operator approves": the step waits, holding nothing, until someone with the right to operate approves it. */
@Injectable()
export class ManualApprovalStep implements StepExecutor {
  readonly kind = 'manual-approval' as const;

  async execute(ctx: StepContext): Promise<StepOutcome> {
    return { type: 'waiting-for-approval', output: { message: ctx.spec.message ?? null } };
  }
}

/** Waits up to this long in place; a longer wait releases the step and comes back when it is over. */
const SLEEP_IN_PLACE_MS = 30_000;

/** "Wait N s": the end is fixed once (a resumed wait does not start over); a long wait holds no lease. */
@Injectable()
export class WaitStep implements StepExecutor {
  readonly kind = 'wait' as const;

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const until = await ctx.memo('until', async () =>
      new Date(Date.now() + Number(ctx.spec.seconds) * 1000).toISOString(),
    );
    const left = Date.parse(until) - Date.now();
    if (left > SLEEP_IN_PLACE_MS) return { type: 'later', until: new Date(until) };
    if (left > 0) await ctx.sleep(left);
    return { type: 'succeeded', output: { waitedUntil: until } };
  }
}

/**
 * "Resource group <name> exists at the target". Created with the run's tags when it is
 * not there, so a test run's cleanup removes it; one that was there is adopted and left.
 */
@Injectable()
export class ResourceGroupStep implements StepExecutor {
  readonly kind = 'resource-group' as const;

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const site = await ctx.services.site(ctx.run.snapshot.targetSite.id);
    const group = await ctx.ensure(
      'resourceGroup',
      async () => {
        const rg = await ctx.services.gateway.ensureResourceGroup(
          site,
          String(ctx.spec.resourceGroup),
          runTags(ctx.run),
        );
        return { id: rg.id, created: rg.created };
      },
      // A test run's group is named after the run, so it is the run's even when a resumed
      // attempt finds it already made; a real run's may be the operator's own.
      (rg) =>
        rg.created || ctx.run.kind === 'test'
          ? { type: 'Microsoft.Resources/resourceGroups', id: rg.id, siteId: site.siteId }
          : undefined,
    );
    return { type: 'succeeded', output: { resourceGroup: ctx.spec.resourceGroup, created: group.created } };
  }
}

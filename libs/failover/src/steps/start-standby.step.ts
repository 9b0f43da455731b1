import { Injectable } from '@nestjs/common';
import { sameArmResourceId } from '@twinsite/core';
import { StepContext } from '../engine/step-context';
import type { MemberPlan } from '../planning/run-snapshot';
import { StepFailure } from './step-errors';
import { StepExecutor, StepOutcome } from './step-executor';

/**
 * "Standby VM <name> runs at the target": a pre-provisioned, deallocated VM is
 * started. Whether it was already running is recorded first, so the cleanup of a
 * test run puts back only what the run changed.
 */
@Injectable()
export class StartStandbyStep implements StepExecutor {
  readonly kind = 'start-standby' as const;

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const m = ctx.spec as MemberPlan;
    const gw = ctx.services.gateway;
    const site = await ctx.services.site(ctx.run.snapshot.targetSite.id);
    const before = await ctx.memo('before', async () => {
      const vm = (await gw.inventory(site)).vms.find((v) => sameArmResourceId(v.id, m.standbyVmId!));
      if (!vm)
        throw new StepFailure(
          'standby-vm-missing',
          `standby VM ${m.standbyVmId} does not exist at ${ctx.run.snapshot.targetSite.name}`,
        );
      return { running: vm.powerState === 'running', privateIp: vm.privateIps[0] ?? null };
    });
    await ctx.ensure('running', async (hooks) => {
      await gw.ensureVmRunning(site, m.standbyVmId!, hooks);
      return true;
    });
    return {
      type: 'succeeded',
      output: {
        vmId: m.standbyVmId,
        vmName: m.vmName,
        privateIp: before.privateIp,
        publicIp: null,
        startedByRun: !before.running,
      },
    };
  }
}

import { Injectable } from '@nestjs/common';
import { ArmOperationError, SiteConnection } from '@twinsite/core';
import type { StepResource } from '../failover-step.entity';
import { StepContext } from '../engine/step-context';
import { RecoveryPointCache } from '../engine/recovery-point-cache';
import { StepStore } from '../engine/step-store';
import { diskName, nicName, publicIpName, runTags } from '../planning/names';
import {
  chooseRecoveryPoint,
  parseRecoveryPointRequest,
  RecoveryPointChoice,
  recoveryPointSets,
  RecoveryPointSet,
} from '../planning/recovery-points';
import type { MemberPlan } from '../planning/run-snapshot';
import { StepFailure } from './step-errors';
import { StepExecutor, StepOutcome } from './step-executor';

const made =
  (type: string, siteId: string) =>
  (r: { id: string; created?: boolean }): StepResource => ({ type, id: r.id, siteId });

/**
 * "VM <name> runs at the target, built from its recovery point" (into a resource group
 * a prepare step made): disks copied from
 * the recovery-point snapshots, a NIC in the mapped subnet with the mapped address
 * and NSG (and a public IP and pool memberships when the mapping says so), the VM
 * with the mapped size, running. Each piece is an idempotent ensure under a
 * deterministic name, checkpointed as it completes.
 */
@Injectable()
export class RecoverVmStep implements StepExecutor {
  readonly kind = 'recover-vm' as const;

  constructor(
    private readonly recoveryPoints: RecoveryPointCache,
    private readonly store: StepStore,
  ) {}

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const m = ctx.spec as MemberPlan;
    const gw = ctx.services.gateway;
    const site = await ctx.services.site(ctx.run.snapshot.targetSite.id);
    const tags = runTags(ctx.run, m.pairId);
    const point = await ctx.memo('recoveryPoint', () => this.choose(ctx, site, m));

    let disks: Array<{ id: string }>;
    let publicIp: { id: string; ipAddress?: string } | undefined;
    try {
      [disks, publicIp] = await Promise.all([
        Promise.all(
          point.disks.map((disk) =>
            ctx.ensure(
              `disk:${disk.role}`,
              (hooks) =>
                gw.ensureDiskFromSnapshot(
                  site,
                  {
                    resourceGroup: m.resourceGroup,
                    name: diskName(m.vmName, disk.role),
                    snapshotId: disk.snapshotId,
                    osType: disk.role === 'os' ? m.osType : undefined,
                    tags,
                  },
                  hooks,
                ),
              made('Microsoft.Compute/disks', site.siteId),
            ),
          ),
        ),
        m.publicIp
          ? ctx.ensure(
              'publicIp',
              (hooks) =>
                gw.ensurePublicIp(
                  site,
                  { resourceGroup: m.resourceGroup, name: publicIpName(m.vmName), tags },
                  hooks,
                ),
              made('Microsoft.Network/publicIPAddresses', site.siteId),
            )
          : Promise.resolve(undefined),
      ]);
    } catch (error) {
      throw this.snapshotGone(ctx, point, error);
    }

    const nic = await ctx.ensure(
      'nic',
      (hooks) =>
        gw.ensureNic(
          site,
          {
            resourceGroup: m.resourceGroup,
            name: nicName(m.vmName),
            subnetId: m.subnetId!,
            privateIp: m.privateIp ?? undefined,
            nsgId: m.nsgId ?? undefined,
            publicIpId: publicIp?.id,
            backendPoolIds: m.backendPoolIds,
            tags,
          },
          hooks,
        ),
      made('Microsoft.Network/networkInterfaces', site.siteId),
    );
    const vm = await ctx.ensure(
      'vm',
      (hooks) =>
        gw.ensureVm(
          site,
          {
            resourceGroup: m.resourceGroup,
            name: m.vmName,
            size: m.size!,
            osType: m.osType,
            osDiskId: disks[0].id,
            dataDiskIds: disks.slice(1).map((d) => d.id),
            nicId: nic.id,
            tags,
          },
          hooks,
        ),
      made('Microsoft.Compute/virtualMachines', site.siteId),
    );
    await ctx.ensure('running', async (hooks) => {
      await gw.ensureVmRunning(site, vm.id, hooks);
      return true;
    });
    return {
      type: 'succeeded',
      output: {
        vmId: vm.id,
        vmName: m.vmName,
        resourceGroup: m.resourceGroup,
        privateIp: nic.privateIp ?? m.privateIp,
        publicIp: publicIp?.ipAddress ?? null,
        recoveryPointAt: point.at,
      },
    };
  }

  /**
   * The recovery point this VM comes up from, decided once (then kept in the step's
   * progress): the one asked for, or, for a planned failover, the first one taken
   * after the source VM stopped, waited for.
   */
  private async choose(ctx: StepContext, site: SiteConnection, m: MemberPlan): Promise<RecoveryPointSet> {
    const { options } = ctx.services;
    let choice: RecoveryPointChoice = parseRecoveryPointRequest(ctx.run.recoveryPoint);
    if (ctx.run.kind === 'planned') {
      const stop = (await this.store.outputs(ctx.run.id)).find(
        (s) => s.kind === 'stop-source' && s.pairId === m.pairId,
      );
      const stoppedAt = stop?.output?.stoppedAt;
      if (typeof stoppedAt !== 'string')
        throw new StepFailure('source-not-stopped', `the source VM of ${m.pairName} has no recorded stop`);
      choice = { newerThan: new Date(stoppedAt) };
    }
    const deadline = Date.now() + options.finalRecoveryPointTimeoutMs;
    for (;;) {
      const points = await this.recoveryPoints.list(site, m.recoveryPointGroup, options.recoveryPointPollMs);
      const chosen = chooseRecoveryPoint(recoveryPointSets(points, m.sourceVmId), choice);
      if (chosen) return chosen;
      if (!('newerThan' in choice)) {
        throw new StepFailure(
          'no-recovery-point',
          `${m.pairName}: no recovery point ${'at' in choice ? `at or before ${choice.at.toISOString()}` : ''} at the target`.replace(
            '  ',
            ' ',
          ),
        );
      }
      if (Date.now() > deadline) {
        throw new StepFailure(
          'no-final-recovery-point',
          `${m.pairName}: no recovery point newer than the source stop (${choice.newerThan.toISOString()}) appeared within ${Math.round(options.finalRecoveryPointTimeoutMs / 1000)} s; is replication running?`,
        );
      }
      await ctx.sleep(options.recoveryPointPollMs);
    }
  }

  /**
   * Replication keeps only the newest few points; one chosen a while ago may be gone
   * before its disks were copied. With nothing copied yet and "latest" asked for,
   * choosing again is the same request: the step retries with a fresh choice.
   */
  private snapshotGone(ctx: StepContext, point: RecoveryPointSet, error: unknown): unknown {
    const gone = error instanceof ArmOperationError && error.status === 404;
    const nothingCopied = point.disks.every((d) => !ctx.isDone(`disk:${d.role}`));
    if (gone && nothingCopied && (ctx.run.recoveryPoint === 'latest' || ctx.run.kind === 'planned')) {
      ctx.forget('recoveryPoint');
      return new StepFailure(
        'recovery-point-gone',
        `the recovery point of ${point.at} was removed before its disks were copied; choosing the newest again`,
        true,
      );
    }
    return error;
  }
}

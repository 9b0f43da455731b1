import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parseArmResourceId } from '@twinsite/core';
import type { StepResource } from '../failover-step.entity';
import { StepContext } from '../engine/step-context';
import { selectRows } from '../engine/sql';
import { RUN_TAG } from '../planning/run-snapshot';
import { StepExecutor, StepOutcome } from './step-executor';

/** Dependents before what they depend on: a VM holds its NIC and disks, a NIC its public IP. */
const DELETE_ORDER = [
  'microsoft.compute/virtualmachines',
  'microsoft.network/networkinterfaces',
  'microsoft.network/publicipaddresses',
  'microsoft.compute/disks',
];

function typeOf(resource: { id: string; type?: string }): string {
  const type = (resource.type || parseArmResourceId(resource.id)?.type || '').toLowerCase();
  if (type) return type;
  return /\/resourcegroups\/[^/]+$/i.test(resource.id) ? 'microsoft.resources/resourcegroups' : '';
}

function rank(type: string): number {
  const i = DELETE_ORDER.indexOf(type);
  if (i >= 0) return i;
  return type === 'microsoft.resources/resourcegroups' ? DELETE_ORDER.length + 1 : DELETE_ORDER.length;
}

/**
 * "Everything this test run made at the target is removed, and nothing else": what
 * carries the run's tag there, and what its steps recorded making, deleted in
 * dependency order; standby VMs the run started are deallocated again.
 */
@Injectable()
export class CleanupStep implements StepExecutor {
  readonly kind = 'cleanup' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const gw = ctx.services.gateway;
    const site = await ctx.services.site(ctx.spec.siteId);
    const tagged = await gw.findByTag(site, RUN_TAG, ctx.run.id);
    const steps = await selectRows<{
      kind: string;
      resources: StepResource[];
      output: Record<string, unknown> | null;
    }>(
      this.db,
      `SELECT kind, resources, output FROM failover_steps WHERE run_id = $1 AND phase = 'failover'`,
      [ctx.run.id],
    );
    const recorded = steps.flatMap((s) => s.resources ?? []).filter((r) => r.siteId === site.siteId);
    const byId = new Map<string, { id: string; type: string }>();
    for (const r of [...tagged, ...recorded]) byId.set(r.id.toLowerCase(), { id: r.id, type: typeOf(r) });

    const deleted: string[] = [];
    const ranks = [...new Set([...byId.values()].map((r) => rank(r.type)))].sort((a, b) => a - b);
    for (const current of ranks) {
      const batch = [...byId.values()].filter((r) => rank(r.type) === current);
      await Promise.all(
        batch.map(async (r) => {
          await ctx.ensure(`delete:${r.id.toLowerCase()}`, (hooks) => gw.ensureDeleted(site, r.id, hooks));
          deleted.push(r.id);
        }),
      );
    }

    const deallocated: string[] = [];
    for (const s of steps.filter((x) => x.kind === 'start-standby' && x.output?.startedByRun === true)) {
      const vmId = String(s.output!.vmId);
      await ctx.ensure(`deallocate:${vmId.toLowerCase()}`, async (hooks) => {
        await gw.ensureVmStopped(site, vmId, { deallocate: true }, hooks);
        return true;
      });
      deallocated.push(vmId);
    }
    return { type: 'succeeded', output: { deleted: deleted.sort(), deallocated } };
  }
}

import { Injectable } from '@nestjs/common';
import { healthCheckPairId, sameArmResourceId } from '@twinsite/core';
import { StepContext } from '../engine/step-context';
import { StepStore } from '../engine/step-store';
import { probeHttp, probeTcp } from './probes';
import { StepFailure } from './step-errors';
import { StepExecutor, StepOutcome } from './step-executor';

const INTERVAL_MS = 1_000;

interface Probe {
  healthy: boolean;
  detail: string;
}

/**
 * "<target> answers <protocol>/<port>", within the step's timeout. A host:port target
 * must answer. A `pair:<id>` target must be running at the target site per ARM; its
 * address is probed as well, and a refused connection means not healthy yet, but an
 * address the controller cannot reach at all (no route to the DR network) is judged
 * on ARM's word alone, and the output says so.
 */
@Injectable()
export class HealthCheckStep implements StepExecutor {
  readonly kind = 'health-check' as const;

  constructor(private readonly store: StepStore) {}

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const spec = ctx.spec as {
      protocol: 'tcp' | 'http';
      target: string;
      port: number;
      path?: string;
      timeoutSeconds: number;
    };
    const deadline = Date.now() + spec.timeoutSeconds * 1000;
    const pairId = healthCheckPairId(spec.target);
    const probe = pairId
      ? await this.pairProbe(ctx, pairId, spec)
      : () => this.hostProbe(spec.target, spec, Math.min(5_000, spec.timeoutSeconds * 1000));
    let last: Probe = { healthy: false, detail: 'not checked' };
    for (;;) {
      ctx.fence.assertMayAct();
      last = await probe();
      if (last.healthy)
        return { type: 'succeeded', output: { healthyAt: new Date().toISOString(), detail: last.detail } };
      if (Date.now() >= deadline) break;
      await ctx.sleep(Math.min(INTERVAL_MS, Math.max(0, deadline - Date.now())));
    }
    throw new StepFailure(
      'unhealthy',
      `${spec.target} was not healthy within ${spec.timeoutSeconds} s: ${last.detail}`,
    );
  }

  private async hostProbe(
    host: string,
    spec: { protocol: 'tcp' | 'http'; port: number; path?: string },
    timeoutMs: number,
  ): Promise<Probe> {
    if (spec.protocol === 'http') {
      const r = await probeHttp(host, spec.port, spec.path ?? '/', timeoutMs);
      return { healthy: r.ok, detail: `${host}:${spec.port}${spec.path ?? '/'}: ${r.detail}` };
    }
    const r = await probeTcp(host, spec.port, timeoutMs);
    return { healthy: r === 'open', detail: `${host}:${spec.port}: ${r}` };
  }

  private async pairProbe(
    ctx: StepContext,
    pairId: string,
    spec: { protocol: 'tcp' | 'http'; port: number; path?: string },
  ): Promise<() => Promise<Probe>> {
    const member = (await this.store.outputs(ctx.run.id)).find(
      (s) =>
        (s.kind === 'recover-vm' || s.kind === 'start-standby') &&
        s.pairId === pairId &&
        s.state === 'succeeded',
    );
    if (!member?.output?.vmId)
      throw new StepFailure(
        'pair-not-failed-over',
        `pair ${pairId} has no VM at the target in this run (yet)`,
      );
    const vmId = String(member.output.vmId);
    const address = (member.output.publicIp ?? member.output.privateIp) as string | null;
    const site = await ctx.services.site(ctx.run.snapshot.targetSite.id);
    const timeoutMs = ctx.services.options.pairProbeTimeoutMs;
    let running = false;
    return async () => {
      if (!running) {
        const vm = (await ctx.services.gateway.inventory(site)).vms.find((v) =>
          sameArmResourceId(v.id, vmId),
        );
        running = vm?.powerState === 'running';
        if (!running)
          return { healthy: false, detail: `VM ${vmId} is ${vm?.powerState ?? 'missing'} at the target` };
      }
      if (!address) return { healthy: true, detail: 'running per ARM (no address to probe)' };
      if (spec.protocol === 'http') {
        const r = await probeHttp(address, spec.port, spec.path ?? '/', timeoutMs);
        if (r.ok) return { healthy: true, detail: `running per ARM; ${address}: ${r.detail}` };
        return r.reached
          ? { healthy: false, detail: `${address}:${spec.port}: ${r.detail}` }
          : { healthy: true, detail: `running per ARM; ${address} not reachable from the controller` };
      }
      const r = await probeTcp(address, spec.port, timeoutMs);
      if (r === 'refused') return { healthy: false, detail: `${address}:${spec.port}: connection refused` };
      return {
        healthy: true,
        detail:
          r === 'open'
            ? `running per ARM; ${address}:${spec.port} open`
            : `running per ARM; ${address} not reachable from the controller`,
      };
    };
  }
}

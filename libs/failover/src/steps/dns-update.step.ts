import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '@twinsite/shared';
import { StepContext } from '../engine/step-context';
import { StepStore } from '../engine/step-store';
import { DNS_PROVIDERS, DnsProvider } from './dns/dns-provider';
import { StepFailure } from './step-errors';
import { StepExecutor, StepOutcome } from './step-executor';

/**
 * "DNS record <name> points at the new addresses": the public IPs (else private
 * addresses) the VMs have at the target. After a group: that group's VMs; before one:
 * the VMs of the groups already done. A test run never changes production DNS.
 */
@Injectable()
export class DnsUpdateStep implements StepExecutor {
  readonly kind = 'dns-update' as const;
  private readonly providers: Map<string, DnsProvider>;

  constructor(
    @Inject(DNS_PROVIDERS) providers: DnsProvider[],
    private readonly store: StepStore,
    private readonly secrets: SecretBox,
  ) {
    this.providers = new Map(providers.map((p) => [p.name, p]));
  }

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const spec = ctx.spec as {
      provider: string;
      recordName: string;
      ttlSeconds?: number;
      secretSealed?: string;
    };
    if (ctx.run.kind === 'test')
      return { type: 'succeeded', output: { skipped: 'a test run does not change DNS' } };
    const provider = this.providers.get(spec.provider);
    if (!provider) throw new StepFailure('dns-provider-unknown', `no DNS provider named ${spec.provider}`);
    const g = ctx.step.groupIndex ?? 0;
    const inScope = (groupIndex: number | null) =>
      groupIndex !== null && (ctx.step.position === 'after' ? groupIndex === g : groupIndex < g);
    const addresses = (await this.store.outputs(ctx.run.id))
      .filter(
        (s) =>
          (s.kind === 'recover-vm' || s.kind === 'start-standby') &&
          s.state === 'succeeded' &&
          inScope(s.groupIndex),
      )
      .map((s) => (s.output?.publicIp ?? s.output?.privateIp) as string | null | undefined)
      .filter((a): a is string => !!a);
    if (addresses.length === 0)
      throw new StepFailure(
        'dns-no-addresses',
        `no VM of this run has an address yet for ${spec.recordName}`,
      );
    const result = await provider.update(
      {
        recordName: spec.recordName,
        type: 'A',
        ttlSeconds: spec.ttlSeconds ?? 300,
        addresses,
        runId: ctx.run.id,
        runKind: ctx.run.kind,
      },
      {
        spec: ctx.spec,
        secret: spec.secretSealed ? this.secrets.open(spec.secretSealed) : undefined,
        deliveryId: ctx.step.id,
        signal: ctx.signal,
      },
    );
    return {
      type: 'succeeded',
      output: { recordName: spec.recordName, addresses, provider: provider.name, detail: result.detail },
    };
  }
}

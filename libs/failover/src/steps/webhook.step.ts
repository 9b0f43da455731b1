import { Injectable } from '@nestjs/common';
import { SecretBox } from '@twinsite/shared';
import { StepContext } from '../engine/step-context';
import { postJson } from './signed-post';
import { StepFailure } from './step-errors';
import { StepExecutor, StepOutcome } from './step-executor';

/**
 * "Webhook at <host> answers 2xx": a signed POST that says which run and step call,
 * with the step's timeout and retries. The step's id is the delivery id, so a
 * receiver can drop the repeat an engine that resumed after a crash may send.
 */
@Injectable()
export class WebhookStep implements StepExecutor {
  readonly kind = 'webhook' as const;

  constructor(private readonly secrets: SecretBox) {}

  async execute(ctx: StepContext): Promise<StepOutcome> {
    const spec = ctx.spec as { url: string; timeoutSeconds: number; retries: number; secretSealed?: string };
    const secret = spec.secretSealed ? this.secrets.open(spec.secretSealed) : undefined;
    const { snapshot } = ctx.run;
    const payload = {
      event: 'failover.step',
      runId: ctx.run.id,
      runKind: ctx.run.kind,
      planId: snapshot.plan.id,
      planName: snapshot.plan.name,
      applicationId: snapshot.application.id,
      sourceSiteId: snapshot.sourceSite.id,
      targetSiteId: snapshot.targetSite.id,
      group: ctx.step.groupName,
      stepId: ctx.step.id,
      at: new Date().toISOString(),
    };
    const attempts = (spec.retries ?? 0) + 1;
    let last = '';
    for (let i = 0; i < attempts; i++) {
      ctx.fence.assertMayAct();
      const result = await postJson(spec.url, payload, {
        secret,
        timeoutMs: spec.timeoutSeconds * 1000,
        deliveryId: ctx.step.id,
        event: 'failover.step',
        signal: ctx.signal,
      });
      if (result.ok)
        return { type: 'succeeded', output: { status: result.status, attempts: i + 1, ms: result.ms } };
      last = result.error ?? 'failed';
      if (i + 1 < attempts) await ctx.sleep(Math.min(30_000, 1_000 * 2 ** i));
    }
    throw new StepFailure('webhook-failed', `webhook ${spec.url} failed ${attempts} time(s); last: ${last}`);
  }
}

import { Injectable } from '@nestjs/common';
import { postJson } from '../signed-post';
import { StepFailure } from '../step-errors';
import { DnsChange, DnsContext, DnsProvider } from './dns-provider';

const ATTEMPTS = 3;

/** Posts the change (signed) to the step's URL; the receiver makes it. 2xx is done. */
@Injectable()
export class WebhookDnsProvider implements DnsProvider {
  readonly name = 'webhook';

  async update(change: DnsChange, context: DnsContext): Promise<{ detail: string }> {
    const url = String(context.spec.url);
    let last = '';
    for (let i = 0; i < ATTEMPTS; i++) {
      const result = await postJson(
        url,
        { event: 'failover.dns-update', ...change },
        {
          secret: context.secret,
          timeoutMs: 30_000,
          deliveryId: context.deliveryId,
          event: 'failover.dns-update',
          signal: context.signal,
        },
      );
      if (result.ok) return { detail: `HTTP ${result.status}` };
      last = result.error ?? 'failed';
      if (context.signal.aborted) break;
      await new Promise((r) => setTimeout(r, 1_000 * 2 ** i));
    }
    throw new StepFailure('dns-update-failed', `the DNS webhook ${url} failed: ${last}`, true);
  }
}

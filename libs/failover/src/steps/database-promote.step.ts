import { Injectable } from '@nestjs/common';
import { PairService } from '@twinsite/replication';
import { StepContext } from '../engine/step-context';
import { promoteDatabase } from './database-promoter';
import { StepFailure } from './step-errors';
import { StepExecutor, StepOutcome } from './step-executor';

const TIMEOUT_MS = 60_000;

/**
 * "The database replica of <pair> is promoted to primary", through the pair's lag
 * source (its replica URL). A test run never promotes: that would end replication.
 */
@Injectable()
export class DatabasePromoteStep implements StepExecutor {
  readonly kind = 'database-promote' as const;

  constructor(private readonly pairs: PairService) {}

  async execute(ctx: StepContext): Promise<StepOutcome> {
    if (ctx.run.kind === 'test')
      return { type: 'succeeded', output: { skipped: 'a test run does not promote databases' } };
    const pairId = String(ctx.spec.pairId);
    const source = await this.pairs.getSecrets(pairId);
    if (!source || (source.kind !== 'postgres' && source.kind !== 'mysql') || !source.replicaUrl) {
      throw new StepFailure(
        'no-database-lag-source',
        `pair ${pairId} has no postgres or mysql lag source to promote`,
      );
    }
    ctx.fence.assertMayAct();
    try {
      const result = await promoteDatabase(source.kind, source.replicaUrl, TIMEOUT_MS);
      return { type: 'succeeded', output: { ...result, engine: source.kind } };
    } catch (error) {
      throw new StepFailure(
        'database-promote-failed',
        `promoting the ${source.kind} replica of pair ${pairId} failed: ${(error as Error).message}`,
        true,
      );
    }
  }
}

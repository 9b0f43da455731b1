import type { StepContext } from '../engine/step-context';
import type { EngineStepKind } from '../planning/step-plan';

export type StepOutcome =
  | { type: 'succeeded'; output?: Record<string, unknown> }
  /** The step's work is an operator's decision: it waits, holding no lease. */
  | { type: 'waiting-for-approval'; output?: Record<string, unknown> }
  /** Come back at `until` (a wait step): the step is released, not held. */
  | { type: 'later'; until: Date };

/**
 * One kind of step. `execute` must be safe to run again from the top at any point:
 * it reads its own progress, looks before it acts and adopts what is there.
 */
export interface StepExecutor {
  readonly kind: EngineStepKind;
  execute(ctx: StepContext): Promise<StepOutcome>;
}

export const STEP_EXECUTORS = 'FAILOVER_STEP_EXECUTORS';

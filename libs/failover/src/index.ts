import { CreateFailoverRuns1764220000000 } from './migrations/1764220000000-create-failover-runs';

export * from './failover.module';
export * from './failover-run.entity';
export * from './failover-step.entity';
export * from './failover.options';
export * from './engine/failover-worker';
export * from './engine/step-store';
export * from './api/run-queries';
export * from './api/run-starter';
export * from './api/run-actions';
export * from './records/recovery.service';
export * from './dtos/run.response';
export * from './planning/run-snapshot';
export * from './planning/names';
export * from './steps/dns/dns-provider';
export const FAILOVER_MIGRATIONS = [CreateFailoverRuns1764220000000];
// The pure rules preflight applies, for modules that answer "would this start?" without starting.
export { checkTarget } from './preflight/preflight-rules';
export type { TargetFacts, TargetCheckInput } from './preflight/preflight-rules';
export { resolveMember } from './planning/member-plan';
export type { MappingFacts, PairFacts, MemberInput } from './planning/member-plan';
export { planSteps } from './planning/step-plan';
export type { PlannedStep, EngineStepKind } from './planning/step-plan';
export { recoveryPointSets, chooseRecoveryPoint } from './planning/recovery-points';

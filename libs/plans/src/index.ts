import { CreatePlans1764206000000 } from './migrations/1764206000000-create-plans';

export * from './plan.entity';
export * from './plan.module';
export * from './plan.service';
export * from './plan-secrets';
export * from './plan-steps';
export * from './dtos/plan.response';
export const PLAN_MIGRATIONS = [CreatePlans1764206000000];

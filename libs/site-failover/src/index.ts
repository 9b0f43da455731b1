import { CreateSiteFailovers1764240000000 } from './migrations/1764240000000-create-site-failovers';

export * from './site-failover.module';
export * from './site-failover.entity';
export * from './site-failover.options';
export * from './domain/site-state';
export * from './domain/combined-preflight';
export * from './domain/site-estate';
export * from './dtos/site-failover.response';
export * from './api/site-failover-queries';
export * from './api/site-failover-starter';
export * from './api/site-failover-actions';
export * from './engine/site-failover-coordinator';
export * from './readiness/readiness.service';
export const SITE_FAILOVER_MIGRATIONS = [CreateSiteFailovers1764240000000];

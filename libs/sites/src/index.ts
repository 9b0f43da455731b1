import { CreateSites1764202000000 } from './migrations/1764202000000-create-sites';

export * from './site.entity';
export * from './site.module';
export * from './site.service';
export * from './dtos/site.response';
export const SITE_MIGRATIONS = [CreateSites1764202000000];

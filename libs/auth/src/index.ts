import { CreateApiTokens1764201000000 } from './migrations/1764201000000-create-api-tokens';

export * from './api-token.entity';
export * from './api-token.service';
export * from './auth.module';
export * from './roles';
export const AUTH_MIGRATIONS = [CreateApiTokens1764201000000];

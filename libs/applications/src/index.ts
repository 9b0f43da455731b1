import { CreateApplications1764203000000 } from './migrations/1764203000000-create-applications';

export * from './application.entity';
export * from './application.module';
export * from './application.service';
export * from './dtos/application.response';
export const APPLICATION_MIGRATIONS = [CreateApplications1764203000000];

import { CreateAuditEntries1764200000000 } from './migrations/1764200000000-create-audit-entries';

export * from './audit-entry.entity';
export * from './audit.module';
export * from './audit.service';
export const AUDIT_MIGRATIONS = [CreateAuditEntries1764200000000];

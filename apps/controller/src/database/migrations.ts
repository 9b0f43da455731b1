import { AUDIT_MIGRATIONS } from '@twinsite/audit';
import { AUTH_MIGRATIONS } from '@twinsite/auth';
import { SITE_MIGRATIONS } from '@twinsite/sites';

/** Every module's migrations, in the order their timestamps give. */
export const MIGRATIONS = [...AUDIT_MIGRATIONS, ...AUTH_MIGRATIONS, ...SITE_MIGRATIONS];

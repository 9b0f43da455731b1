import { APPLICATION_MIGRATIONS } from '@twinsite/applications';
import { AUDIT_MIGRATIONS } from '@twinsite/audit';
import { AUTH_MIGRATIONS } from '@twinsite/auth';
import { NETWORK_MAPPING_MIGRATIONS } from '@twinsite/network-mappings';
import { PLAN_MIGRATIONS } from '@twinsite/plans';
import { REPLICATION_MIGRATIONS } from '@twinsite/replication';
import { SITE_MIGRATIONS } from '@twinsite/sites';
import { ALERT_MIGRATIONS } from '@twinsite/alerts';
import { FAILOVER_MIGRATIONS } from '@twinsite/failover';
import { SITE_FAILOVER_MIGRATIONS } from '@twinsite/site-failover';

/** Every module's migrations, in the order their timestamps give. */
export const MIGRATIONS = [
  ...AUDIT_MIGRATIONS,
  ...AUTH_MIGRATIONS,
  ...SITE_MIGRATIONS,
  ...APPLICATION_MIGRATIONS,
  ...REPLICATION_MIGRATIONS,
  ...NETWORK_MAPPING_MIGRATIONS,
  ...PLAN_MIGRATIONS,
  ...ALERT_MIGRATIONS,
  ...FAILOVER_MIGRATIONS,
  ...SITE_FAILOVER_MIGRATIONS,
];

import { ClientSecretCredential, TokenCredential } from '@azure/identity';
import { PipelinePolicy } from '@azure/core-rest-pipeline';
import { SiteConnection, SiteEndpoints } from '@twinsite/core/ports/arm-gateway';

export const ADFS_TENANT = 'adfs';

export function isAdfs(site: Pick<SiteConnection, 'tenantId'>): boolean {
  return site.tenantId.trim().toLowerCase() === ADFS_TENANT;
}

/** The token scope for a stamp's ARM: its discovered audience as a v2 `.default` scope. */
export function armScope(endpoints: SiteEndpoints): string {
  return `${endpoints.audience}/.default`;
}

/**
 * A service principal credential that logs in where the stamp's metadata says.
 * ADFS stamps have no Entra instance metadata to discover, so discovery is off and the
 * authority is the discovered ADFS endpoint itself. The TLS policy makes token requests
 * trust the site's CA like its ARM calls do; the identity client's own retries are off
 * because the site's resilience policy, which wraps token acquisition, retries already.
 */
export function createSiteCredential(
  site: SiteConnection,
  endpoints: SiteEndpoints,
  perRetryPolicies: PipelinePolicy[],
): TokenCredential {
  const adfs = isAdfs(site);
  return new ClientSecretCredential(adfs ? ADFS_TENANT : site.tenantId, site.clientId, site.clientSecret, {
    authorityHost: endpoints.loginEndpoint,
    disableInstanceDiscovery: adfs,
    additionalPolicies: perRetryPolicies.map((policy) => ({ policy, position: 'perRetry' as const })),
    retryOptions: { maxRetries: 0 },
  });
}

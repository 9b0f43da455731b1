import { ServiceClient } from '@azure/core-client';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import {
  ApiProfile,
  compareProviderVersions,
  OfferedProvider,
  ProviderVersionCheck,
} from '@twinsite/core/api-profile';
import { ProviderMismatch, SiteConnection } from '@twinsite/core/ports/arm-gateway';
import { responseError } from './raw-arm';

/**
 * The resource types the gateway itself calls. A stamp registers many types Twinsite
 * never touches, and a profile lists a few more; only these decide whether the gateway
 * can work, so only these are reported as mismatches.
 */
export const GATEWAY_RESOURCE_TYPES: readonly string[] = [
  'Microsoft.Compute/virtualMachines',
  'Microsoft.Compute/disks',
  'Microsoft.Compute/snapshots',
  'Microsoft.Compute/locations/vmSizes',
  'Microsoft.Compute/locations/usages',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/networkInterfaces',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.Network/publicIPAddresses',
  'Microsoft.Network/loadBalancers',
  'Microsoft.Resources/resourceGroups',
  'Microsoft.Resources/providers',
];

export async function listProviders(arm: ServiceClient, site: SiteConnection): Promise<OfferedProvider[]> {
  const providers: OfferedProvider[] = [];
  // The profile's Resources version is filled in by the api-version policy.
  let url: string | undefined =
    `${site.armEndpoint.replace(/\/+$/, '')}/subscriptions/${site.subscriptionId}/providers?api-version=`;
  while (url) {
    const response = await arm.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    if (response.status !== 200) throw responseError(site.siteId, response);
    const page = JSON.parse(response.bodyAsText ?? '{}') as { value?: unknown[]; nextLink?: string };
    for (const item of page.value ?? []) {
      const p = item as {
        namespace?: unknown;
        resourceTypes?: Array<{ resourceType?: unknown; apiVersions?: unknown }>;
      };
      if (typeof p.namespace !== 'string') continue;
      providers.push({
        namespace: p.namespace,
        resourceTypes: (p.resourceTypes ?? [])
          .filter((t) => typeof t.resourceType === 'string')
          .map((t) => ({
            resourceType: t.resourceType as string,
            apiVersions: Array.isArray(t.apiVersions)
              ? t.apiVersions.filter((v): v is string => typeof v === 'string')
              : [],
          })),
      });
    }
    url = page.nextLink || undefined;
  }
  return providers;
}

/** Profile vs stamp for the types the gateway calls, mismatches named by full resource type. */
export function providerMismatches(
  profile: ApiProfile,
  offered: readonly OfferedProvider[],
  types: readonly string[] = GATEWAY_RESOURCE_TYPES,
): ProviderMismatch[] {
  const wanted = new Set(types.map((t) => t.toLowerCase()));
  return compareProviderVersions(profile, offered)
    .filter((check: ProviderVersionCheck) => !check.ok && wanted.has(check.resourceType.toLowerCase()))
    .map((check) => ({
      resourceType: check.resourceType,
      wanted: check.wanted,
      offered: check.offered,
      problem: check.problem ?? 'api-version-not-offered',
    }));
}

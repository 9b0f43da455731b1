import { ArmError } from './arm-errors';

// What an Azure Stack Hub stamp on the 2020-09-01-hybrid profile registers. Clients that
// send the api-versions the current Azure SDKs hard-code must get ARM's refusal, because
// that is the mistake the Twinsite gateway exists to avoid.

const VM_VERSIONS = [
  '2020-06-01',
  '2017-12-01',
  '2017-03-30',
  '2016-04-30-preview',
  '2016-03-30',
  '2015-06-15',
];
const DISK_VERSIONS = ['2019-07-01', '2018-06-01', '2018-04-01', '2017-03-30'];
const NETWORK_VERSIONS = ['2018-11-01', '2018-07-01', '2017-10-01', '2016-09-01', '2015-06-15'];
const RESOURCES_VERSIONS = [
  '2019-10-01',
  '2019-05-01',
  '2018-05-01',
  '2016-09-01',
  '2016-06-01',
  '2015-01-01',
];
const SUBSCRIPTIONS_VERSIONS = ['2019-06-01', '2016-06-01', '2015-01-01'];

export const PROVIDER_REGISTRATIONS: Record<string, Record<string, string[]>> = {
  'Microsoft.Compute': {
    availabilitySets: VM_VERSIONS,
    virtualMachines: VM_VERSIONS,
    'virtualMachines/extensions': VM_VERSIONS,
    disks: DISK_VERSIONS,
    snapshots: DISK_VERSIONS,
    images: VM_VERSIONS,
    locations: VM_VERSIONS,
    'locations/operations': VM_VERSIONS,
    'locations/vmSizes': VM_VERSIONS,
    'locations/usages': VM_VERSIONS,
    'locations/publishers': VM_VERSIONS,
  },
  'Microsoft.Network': {
    virtualNetworks: NETWORK_VERSIONS,
    networkInterfaces: NETWORK_VERSIONS,
    publicIPAddresses: NETWORK_VERSIONS,
    networkSecurityGroups: NETWORK_VERSIONS,
    loadBalancers: NETWORK_VERSIONS,
    routeTables: NETWORK_VERSIONS,
    locations: NETWORK_VERSIONS,
    'locations/operations': NETWORK_VERSIONS,
    'locations/operationResults': NETWORK_VERSIONS,
    'locations/usages': NETWORK_VERSIONS,
  },
  'Microsoft.Resources': {
    resourceGroups: RESOURCES_VERSIONS,
    providers: RESOURCES_VERSIONS,
    operationresults: RESOURCES_VERSIONS,
    resources: RESOURCES_VERSIONS,
    subscriptions: SUBSCRIPTIONS_VERSIONS,
  },
};

const NAMESPACE_BY_LOWER = new Map(Object.keys(PROVIDER_REGISTRATIONS).map((ns) => [ns.toLowerCase(), ns]));

export function canonicalNamespace(namespace: string): string | undefined {
  return NAMESPACE_BY_LOWER.get(namespace.toLowerCase());
}

/** The resource type whose registration decides which api-versions a route accepts. */
export interface ApiVersionScope {
  namespace: string;
  /** a registered type, or `*` for "any version this namespace registers" (operation status URLs) */
  resourceType: string;
}

export function supportedVersions(scope: ApiVersionScope): string[] {
  const types = PROVIDER_REGISTRATIONS[scope.namespace] ?? {};
  if (scope.resourceType === '*') {
    return [...new Set(Object.values(types).flat())].sort().reverse();
  }
  return types[scope.resourceType] ?? [];
}

const API_VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}(-[A-Za-z]+)?$/;

/**
 * Throws the 400 ARM answers for a missing, malformed or unregistered api-version.
 * Microsoft.Resources answers in its own words (InvalidApiVersionParameter), resource
 * providers with NoRegisteredProviderFound.
 */
export function checkApiVersion(scope: ApiVersionScope, apiVersion: string | null, location: string): void {
  if (apiVersion === null || apiVersion === '') {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const versions = supportedVersions(scope);
  if (versions.includes(apiVersion)) return;
  if (scope.namespace === 'Microsoft.Resources' || !API_VERSION_SHAPE.test(apiVersion)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(',')}'.`,
    );
  }
  const ascending = [...versions].sort();
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' ` +
      `for type '${scope.resourceType === '*' ? 'locations/operations' : scope.resourceType}'. ` +
      `The supported api-versions are '${ascending.join(', ')}'. The supported locations are '${location}'.`,
  );
}

/** The body of GET /subscriptions/{sub}/providers/{namespace}. */
export function providerBody(subscriptionId: string, namespace: string, location: string): unknown {
  const types = PROVIDER_REGISTRATIONS[namespace];
  return {
    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    namespace,
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: Object.entries(types).map(([resourceType, apiVersions]) => ({
      resourceType,
      locations: namespace === 'Microsoft.Resources' ? [] : [location],
      apiVersions,
      capabilities: 'None',
    })),
  };
}

/**
 * Azure Stack Hub API profiles as data.
 *
 * A stamp's ARM answers only the older api-versions of its profile, while the
 * Azure SDK packages hard-code new ones. The ARM gateway therefore rewrites the
 * `api-version` of every request with `apiVersionFor`, and at start-up checks with
 * `compareProviderVersions` that the stamp's providers really offer what the
 * profile promises (a wrong version gets `400 NoRegisteredProviderFound` /
 * `InvalidApiVersionParameter`, which is far harder to read mid-failover).
 */
export interface ProviderApiVersions {
  /** Version for resource types of this namespace that are not listed below. */
  readonly defaultVersion?: string;
  /**
   * Versions per resource type as the provider lists them (`virtualMachines`,
   * `locations/vmSizes`). These are also the types the start-up check verifies, so
   * only list types a stamp's provider registration actually names.
   */
  readonly resourceTypes: Readonly<Record<string, string>>;
}

export interface ApiProfile {
  readonly name: string;
  readonly providers: Readonly<Record<string, ProviderApiVersions>>;
}

const PROFILE_2020_09_01_HYBRID: ApiProfile = {
  name: '2020-09-01-hybrid',
  providers: {
    'Microsoft.Compute': {
      defaultVersion: '2020-06-01',
      resourceTypes: {
        virtualMachines: '2020-06-01',
        availabilitySets: '2020-06-01',
        locations: '2020-06-01',
        'locations/vmSizes': '2020-06-01',
        'locations/usages': '2020-06-01',
        'locations/operations': '2020-06-01',
        operations: '2020-06-01',
        disks: '2019-07-01',
        snapshots: '2019-07-01',
        // Disk and snapshot long-running operations are polled here, with the disk version.
        'locations/DiskOperations': '2019-07-01',
      },
    },
    'Microsoft.Network': {
      defaultVersion: '2018-11-01',
      resourceTypes: {
        virtualNetworks: '2018-11-01',
        networkInterfaces: '2018-11-01',
        networkSecurityGroups: '2018-11-01',
        publicIPAddresses: '2018-11-01',
        loadBalancers: '2018-11-01',
        routeTables: '2018-11-01',
        'locations/operations': '2018-11-01',
        'locations/operationResults': '2018-11-01',
        operations: '2018-11-01',
      },
    },
    'Microsoft.Resources': {
      defaultVersion: '2019-10-01',
      resourceTypes: {
        resourceGroups: '2019-10-01',
        providers: '2019-10-01',
        subscriptions: '2019-10-01',
        deployments: '2019-10-01',
      },
    },
    'Microsoft.Storage': {
      defaultVersion: '2019-06-01',
      resourceTypes: {
        storageAccounts: '2019-06-01',
      },
    },
  },
};

const PROFILE_2019_03_01_HYBRID: ApiProfile = {
  name: '2019-03-01-hybrid',
  providers: {
    'Microsoft.Compute': {
      defaultVersion: '2017-12-01',
      resourceTypes: {
        virtualMachines: '2017-12-01',
        availabilitySets: '2017-12-01',
        locations: '2017-12-01',
        'locations/vmSizes': '2017-12-01',
        'locations/usages': '2017-12-01',
        'locations/operations': '2017-12-01',
        operations: '2017-12-01',
        disks: '2017-03-30',
        snapshots: '2017-03-30',
        'locations/DiskOperations': '2017-03-30',
      },
    },
    'Microsoft.Network': {
      defaultVersion: '2017-10-01',
      resourceTypes: {
        virtualNetworks: '2017-10-01',
        networkInterfaces: '2017-10-01',
        networkSecurityGroups: '2017-10-01',
        publicIPAddresses: '2017-10-01',
        loadBalancers: '2017-10-01',
        routeTables: '2017-10-01',
        'locations/operations': '2017-10-01',
        'locations/operationResults': '2017-10-01',
        operations: '2017-10-01',
      },
    },
    'Microsoft.Resources': {
      defaultVersion: '2018-05-01',
      resourceTypes: {
        resourceGroups: '2018-05-01',
        providers: '2018-05-01',
        subscriptions: '2018-05-01',
        deployments: '2018-05-01',
      },
    },
    // Storage resource provider version of the published 2019-03-01-hybrid profile.
    'Microsoft.Storage': {
      defaultVersion: '2017-10-01',
      resourceTypes: {
        storageAccounts: '2017-10-01',
      },
    },
  },
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
    Object.freeze(value);
  }
  return value;
}

/** The known profiles by name. Frozen: a gateway must not patch a shared profile. */
export const API_PROFILES: Readonly<Record<string, ApiProfile>> = deepFreeze({
  [PROFILE_2020_09_01_HYBRID.name]: PROFILE_2020_09_01_HYBRID,
  [PROFILE_2019_03_01_HYBRID.name]: PROFILE_2019_03_01_HYBRID,
});

/** The profile a site uses when none is configured: the one recent stamps run. */
export const DEFAULT_API_PROFILE = '2020-09-01-hybrid';

export function getApiProfile(name: string): ApiProfile | undefined {
  return Object.prototype.hasOwnProperty.call(API_PROFILES, name) ? API_PROFILES[name] : undefined;
}

/** What an ARM request path addresses: a provider namespace and its type segments. */
export interface ArmRequestTarget {
  namespace: string;
  /**
   * Collection segments in order, e.g. `['virtualMachines', 'start']` for
   * `.../virtualMachines/vm1/start` — an action looks like a child type here, and
   * `apiVersionFor` falls back to the parent type when no such child is known.
   */
  types: string[];
}

const RESOURCES_NAMESPACE = 'Microsoft.Resources';

/**
 * Infers the namespace and resource type of an ARM request from its path (a full
 * URL is accepted; query and fragment are ignored). Returns null for paths that
 * are not ARM resource paths, such as `/metadata/endpoints`.
 */
export function armRequestTarget(pathOrUrl: string): ArmRequestTarget | null {
  const segments = pathSegments(pathOrUrl);
  if (segments.length === 0) {
    return null;
  }
  let index = 0;
  let scope: 'tenant' | 'subscriptions' | 'resourceGroups' = 'tenant';
  if (is(segments[0], 'subscriptions')) {
    scope = 'subscriptions';
    index = 2;
    if (is(segments[2], 'resourceGroups')) {
      scope = 'resourceGroups';
      index = 4;
    }
  }
  if (index < segments.length && is(segments[index], 'providers')) {
    return providerTarget(segments.slice(index + 1));
  }
  if (scope === 'tenant') {
    // `/tenants` is the only tenant-level Resources path a client calls besides `/providers`.
    return is(segments[0], 'tenants') ? { namespace: RESOURCES_NAMESPACE, types: ['tenants'] } : null;
  }
  // Subscription and resource group paths (`/resourcegroups/x/resources`,
  // `/subscriptions/{id}/operationresults/{token}`, `/locations`) belong to
  // Microsoft.Resources and are typed by their scope.
  return { namespace: RESOURCES_NAMESPACE, types: [scope, ...collectionSegments(segments.slice(index))] };
}

function providerTarget(rest: string[]): ArmRequestTarget {
  // `/providers`, `/providers/{ns}` and `/providers/{ns}/register` manage the
  // provider registration itself, which is a Microsoft.Resources type.
  if (rest.length <= 1 || (rest.length === 2 && (is(rest[1], 'register') || is(rest[1], 'unregister')))) {
    return { namespace: RESOURCES_NAMESPACE, types: ['providers'] };
  }
  const [namespace, ...tail] = rest;
  const types: string[] = [];
  for (let i = 0; i < tail.length; i += 2) {
    // An extension resource (`.../vm1/providers/Microsoft.Insights/...`) belongs to
    // the namespace after the last `providers` in a type position.
    if (is(tail[i], 'providers') && i + 1 < tail.length) {
      return providerTarget(tail.slice(i + 1));
    }
    types.push(tail[i]);
  }
  return { namespace, types };
}

function collectionSegments(segments: string[]): string[] {
  return segments.filter((_, i) => i % 2 === 0);
}

function pathSegments(pathOrUrl: string): string[] {
  let path = pathOrUrl.replace(/[?#].*$/s, '');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) {
    path = path.slice(scheme[0].length);
  }
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * The api-version the profile prescribes for an ARM request path, or undefined
 * when the profile has no opinion (unknown namespace, non-ARM path) so that the
 * caller leaves the request's own version alone. A profile name is accepted too;
 * an unknown name throws, because silently sending SDK versions to a stamp fails
 * later and more confusingly.
 */
export function apiVersionFor(profile: ApiProfile | string, path: string): string | undefined {
  const resolved = resolveProfile(profile);
  const target = armRequestTarget(path);
  if (target === null) {
    return undefined;
  }
  const provider = findIgnoreCase(resolved.providers, target.namespace);
  if (provider === undefined) {
    return undefined;
  }
  // Most specific known type first: `locations/vmSizes`, then `locations`.
  for (let length = target.types.length; length >= 1; length--) {
    const version = findIgnoreCase(provider.resourceTypes, target.types.slice(0, length).join('/'));
    if (version !== undefined) {
      return version;
    }
  }
  return provider.defaultVersion;
}

/** One provider as `GET /subscriptions/{id}/providers` lists it (only the fields used). */
export interface OfferedProvider {
  namespace: string;
  resourceTypes: ReadonlyArray<{ resourceType: string; apiVersions: readonly string[] }>;
}

export type ProviderVersionProblem =
  | 'provider-not-listed'
  | 'resource-type-not-listed'
  | 'api-version-not-offered';

export interface ProviderVersionCheck {
  /** Full type, e.g. `Microsoft.Compute/virtualMachines`. */
  resourceType: string;
  wanted: string;
  offered: string[];
  ok: boolean;
  problem?: ProviderVersionProblem;
}

/**
 * Checks every resource type the profile lists against what the stamp offers and
 * returns one row per type, in profile order, so the start-up log can name each
 * mismatch. Types covered only by a namespace's default are not checked: a stamp
 * lists many types Twinsite never calls, and failing on those would be noise.
 */
export function compareProviderVersions(
  profile: ApiProfile | string,
  providers: readonly OfferedProvider[],
): ProviderVersionCheck[] {
  const resolved = resolveProfile(profile);
  const checks: ProviderVersionCheck[] = [];
  for (const [namespace, versions] of Object.entries(resolved.providers)) {
    const offeredProvider = providers.find((p) => is(p.namespace, namespace));
    for (const [type, wanted] of Object.entries(versions.resourceTypes)) {
      const resourceType = `${namespace}/${type}`;
      const offeredType = offeredProvider?.resourceTypes.find((t) => is(t.resourceType, type));
      const offered = offeredType ? [...offeredType.apiVersions] : [];
      const ok = offered.some((version) => is(version, wanted));
      const check: ProviderVersionCheck = { resourceType, wanted, offered, ok };
      if (!offeredProvider) {
        check.problem = 'provider-not-listed';
      } else if (!offeredType) {
        check.problem = 'resource-type-not-listed';
      } else if (!ok) {
        check.problem = 'api-version-not-offered';
      }
      checks.push(check);
    }
  }
  return checks;
}

function resolveProfile(profile: ApiProfile | string): ApiProfile {
  if (typeof profile !== 'string') {
    return profile;
  }
  const found = getApiProfile(profile);
  if (found === undefined) {
    throw new RangeError(
      `unknown API profile ${JSON.stringify(profile)}; known: ${Object.keys(API_PROFILES).join(', ')}`,
    );
  }
  return found;
}

function findIgnoreCase<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  const lower = key.toLowerCase();
  for (const [candidate, value] of Object.entries(record)) {
    if (candidate.toLowerCase() === lower) {
      return value;
    }
  }
  return undefined;
}

function is(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

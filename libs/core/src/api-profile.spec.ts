import {
  API_PROFILES,
  ApiProfile,
  apiVersionFor,
  armRequestTarget,
  compareProviderVersions,
  DEFAULT_API_PROFILE,
  getApiProfile,
  OfferedProvider,
} from './api-profile';

const SUB = '/subscriptions/11111111-2222-3333-4444-555555555555';
const RG = `${SUB}/resourceGroups/app-rg`;
const HYBRID_2020 = '2020-09-01-hybrid';
const HYBRID_2019 = '2019-03-01-hybrid';

describe('API_PROFILES', () => {
  it('holds the two hybrid profiles, keyed by their own names', () => {
    expect(Object.keys(API_PROFILES).sort()).toEqual([HYBRID_2019, HYBRID_2020]);
    for (const [key, profile] of Object.entries(API_PROFILES)) {
      expect(profile.name).toBe(key);
    }
  });

  it('defaults to the 2020-09-01-hybrid profile', () => {
    expect(DEFAULT_API_PROFILE).toBe(HYBRID_2020);
    expect(getApiProfile(DEFAULT_API_PROFILE)).toBe(API_PROFILES[HYBRID_2020]);
  });

  it('is frozen so no caller can patch a shared profile', () => {
    const compute = API_PROFILES[HYBRID_2020].providers['Microsoft.Compute'];
    expect(Object.isFrozen(API_PROFILES)).toBe(true);
    expect(Object.isFrozen(compute.resourceTypes)).toBe(true);
    expect(() => {
      (compute.resourceTypes as Record<string, string>).virtualMachines = '2024-01-01';
    }).toThrow(TypeError);
  });

  it('getApiProfile returns undefined for unknown names, including inherited keys', () => {
    expect(getApiProfile('2018-03-01-hybrid')).toBeUndefined();
    expect(getApiProfile('toString')).toBeUndefined();
  });
});

describe('apiVersionFor with 2020-09-01-hybrid', () => {
  it.each([
    // Compute
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/virtualMachines`, '2020-06-01'],
    [`${SUB}/providers/Microsoft.Compute/virtualMachines`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1/start`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1/powerOff`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1/deallocate`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1/instanceView`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1/extensions/ext`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/availabilitySets/as1`, '2020-06-01'],
    [`${SUB}/providers/Microsoft.Compute/locations/east/vmSizes`, '2020-06-01'],
    [`${SUB}/providers/Microsoft.Compute/locations/east/usages`, '2020-06-01'],
    [`${SUB}/providers/Microsoft.Compute/locations/east/operations/op-1`, '2020-06-01'],
    ['/providers/Microsoft.Compute/operations', '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/images/img`, '2020-06-01'],
    [`${RG}/providers/Microsoft.Compute/disks/d1`, '2019-07-01'],
    [`${RG}/providers/Microsoft.Compute/disks/d1/beginGetAccess`, '2019-07-01'],
    [`${RG}/providers/Microsoft.Compute/snapshots/s1`, '2019-07-01'],
    [`${SUB}/providers/Microsoft.Compute/snapshots`, '2019-07-01'],
    [`${SUB}/providers/Microsoft.Compute/locations/east/DiskOperations/op-2`, '2019-07-01'],
    // Network: every type
    [`${RG}/providers/Microsoft.Network/virtualNetworks/vnet`, '2018-11-01'],
    [`${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default`, '2018-11-01'],
    [`${RG}/providers/Microsoft.Network/networkInterfaces/nic`, '2018-11-01'],
    [`${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/r1`, '2018-11-01'],
    [`${RG}/providers/Microsoft.Network/publicIPAddresses/pip`, '2018-11-01'],
    [`${RG}/providers/Microsoft.Network/loadBalancers/lb`, '2018-11-01'],
    [`${RG}/providers/Microsoft.Network/dnsZones/contoso.com`, '2018-11-01'],
    [`${SUB}/providers/Microsoft.Network/locations/east/operations/op`, '2018-11-01'],
    [`${SUB}/providers/Microsoft.Network/locations/east/operationResults/op`, '2018-11-01'],
    [`${SUB}/providers/Microsoft.Network/locations/east/nfvOperations/op`, '2018-11-01'],
    [`${SUB}/providers/Microsoft.Network/locations/east/nfvOperationResults/op`, '2018-11-01'],
    // Resources
    ['/subscriptions', '2019-10-01'],
    [SUB, '2019-10-01'],
    [`${SUB}/resourcegroups`, '2019-10-01'],
    [`${SUB}/resourcegroups/x`, '2019-10-01'],
    [`${SUB}/resourceGroups/x/resources`, '2019-10-01'],
    [`${SUB}/operationresults/eyJqb2JJZCI6`, '2019-10-01'],
    [`${SUB}/locations`, '2019-10-01'],
    [`${SUB}/providers`, '2019-10-01'],
    [`${SUB}/providers/Microsoft.Compute`, '2019-10-01'],
    [`${SUB}/providers/Microsoft.Compute/register`, '2019-10-01'],
    [`${SUB}/providers/Microsoft.Network/unregister`, '2019-10-01'],
    ['/providers', '2019-10-01'],
    ['/providers/Microsoft.Compute', '2019-10-01'],
    ['/tenants', '2019-10-01'],
    [`${RG}/providers/Microsoft.Resources/deployments/dep`, '2019-10-01'],
    [`${RG}/providers/Microsoft.Resources/deployments/dep/operations`, '2019-10-01'],
    [`${SUB}/providers/Microsoft.Resources/deployments/dep`, '2019-10-01'],
    // Storage
    [`${RG}/providers/Microsoft.Storage/storageAccounts/sa`, '2019-06-01'],
    [`${SUB}/providers/Microsoft.Storage/locations/east/asyncoperations/op`, '2019-06-01'],
  ])('%s → %s', (path, version) => {
    expect(apiVersionFor(HYBRID_2020, path)).toBe(version);
  });

  it('treats path keywords, namespaces and types case-insensitively', () => {
    const path = `${SUB}/RESOURCEGROUPS/app-rg/PROVIDERS/microsoft.compute/DISKS/d1`;
    expect(apiVersionFor(HYBRID_2020, path)).toBe('2019-07-01');
    expect(
      apiVersionFor(HYBRID_2020, `${SUB}/providers/microsoft.compute/locations/e/diskoperations/1`),
    ).toBe('2019-07-01');
  });

  it('accepts full URLs and ignores the query string and fragment', () => {
    const url = `https://management.local.azurestack.external${RG}/providers/Microsoft.Compute/disks/d1?api-version=2023-04-02&$expand=x#frag`;
    expect(apiVersionFor(HYBRID_2020, url)).toBe('2019-07-01');
  });

  it('does not mistake a resource named like a keyword for the keyword', () => {
    // A VM called "providers" and a disk called "disks".
    expect(apiVersionFor(HYBRID_2020, `${RG}/providers/Microsoft.Compute/virtualMachines/providers`)).toBe(
      '2020-06-01',
    );
    expect(apiVersionFor(HYBRID_2020, `${RG}/providers/Microsoft.Compute/virtualMachines/disks`)).toBe(
      '2020-06-01',
    );
  });

  it('tolerates doubled slashes', () => {
    expect(apiVersionFor(HYBRID_2020, `${RG}//providers/Microsoft.Compute/disks/d1`)).toBe('2019-07-01');
  });

  it('has no opinion on namespaces outside the profile or on non-ARM paths', () => {
    expect(apiVersionFor(HYBRID_2020, `${RG}/providers/Microsoft.KeyVault/vaults/kv`)).toBeUndefined();
    expect(
      apiVersionFor(
        HYBRID_2020,
        `${RG}/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Insights/diagnosticSettings/d`,
      ),
    ).toBeUndefined();
    expect(apiVersionFor(HYBRID_2020, '/metadata/endpoints')).toBeUndefined();
    expect(apiVersionFor(HYBRID_2020, '/')).toBeUndefined();
    expect(apiVersionFor(HYBRID_2020, '')).toBeUndefined();
  });

  it('throws for an unknown profile name', () => {
    expect(() => apiVersionFor('2018-03-01-hybrid', SUB)).toThrow(/unknown API profile "2018-03-01-hybrid"/);
  });

  it('accepts a profile object, including a custom one', () => {
    const custom: ApiProfile = {
      name: 'custom',
      providers: { 'Microsoft.Compute': { resourceTypes: { virtualMachines: '2019-03-01' } } },
    };
    expect(apiVersionFor(custom, `${RG}/providers/Microsoft.Compute/virtualMachines/vm`)).toBe('2019-03-01');
    // No default for the namespace: unlisted types are left alone.
    expect(apiVersionFor(custom, `${RG}/providers/Microsoft.Compute/disks/d`)).toBeUndefined();
  });
});

describe('apiVersionFor with 2019-03-01-hybrid', () => {
  it.each([
    [`${RG}/providers/Microsoft.Compute/virtualMachines/vm1`, '2017-12-01'],
    [`${SUB}/providers/Microsoft.Compute/locations/east/vmSizes`, '2017-12-01'],
    [`${RG}/providers/Microsoft.Compute/disks/d1`, '2017-03-30'],
    [`${RG}/providers/Microsoft.Compute/snapshots/s1`, '2017-03-30'],
    [`${RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`, '2017-10-01'],
    [`${SUB}/resourcegroups/x`, '2018-05-01'],
    [`${SUB}/providers/Microsoft.Compute`, '2018-05-01'],
    [`${RG}/providers/Microsoft.Storage/storageAccounts/sa`, '2017-10-01'],
  ])('%s → %s', (path, version) => {
    expect(apiVersionFor(HYBRID_2019, path)).toBe(version);
  });
});

describe('armRequestTarget', () => {
  it('reports the namespace and collection segments, actions included', () => {
    expect(armRequestTarget(`${RG}/providers/Microsoft.Compute/virtualMachines/vm1/start`)).toEqual({
      namespace: 'Microsoft.Compute',
      types: ['virtualMachines', 'start'],
    });
    expect(armRequestTarget(`${SUB}/providers/Microsoft.Compute/locations/east/vmSizes`)).toEqual({
      namespace: 'Microsoft.Compute',
      types: ['locations', 'vmSizes'],
    });
  });

  it('types subscription and resource group paths by scope', () => {
    expect(armRequestTarget(`${SUB}/resourcegroups/x`)).toEqual({
      namespace: 'Microsoft.Resources',
      types: ['resourceGroups'],
    });
    expect(armRequestTarget(`${SUB}/resourcegroups/x/resources`)).toEqual({
      namespace: 'Microsoft.Resources',
      types: ['resourceGroups', 'resources'],
    });
    expect(armRequestTarget(`${SUB}/locations`)).toEqual({
      namespace: 'Microsoft.Resources',
      types: ['subscriptions', 'locations'],
    });
  });

  it('follows extension resources to the last namespace', () => {
    expect(
      armRequestTarget(
        `${RG}/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Insights/x/y`,
      ),
    ).toEqual({ namespace: 'Microsoft.Insights', types: ['x'] });
  });

  it('is null for non-ARM paths', () => {
    expect(armRequestTarget('/metadata/endpoints')).toBeNull();
    expect(armRequestTarget('https://host/')).toBeNull();
  });
});

describe('compareProviderVersions', () => {
  const offerAll = (profileName: string): OfferedProvider[] =>
    Object.entries(API_PROFILES[profileName].providers).map(([namespace, versions]) => ({
      namespace,
      resourceTypes: Object.entries(versions.resourceTypes).map(([resourceType, version]) => ({
        resourceType,
        apiVersions: ['2099-01-01', version],
      })),
    }));

  it('passes every type when the stamp offers every wanted version', () => {
    const checks = compareProviderVersions(HYBRID_2020, offerAll(HYBRID_2020));
    expect(checks.length).toBe(
      Object.values(API_PROFILES[HYBRID_2020].providers).reduce(
        (n, p) => n + Object.keys(p.resourceTypes).length,
        0,
      ),
    );
    expect(checks.every((c) => c.ok && c.problem === undefined)).toBe(true);
  });

  it('names each mismatch by full type, with wanted and offered versions', () => {
    const providers = offerAll(HYBRID_2020).map((p) =>
      p.namespace !== 'Microsoft.Compute'
        ? p
        : {
            ...p,
            resourceTypes: p.resourceTypes.map((t) =>
              t.resourceType === 'disks' ? { resourceType: 'disks', apiVersions: ['2017-03-30'] } : t,
            ),
          },
    );
    const failures = compareProviderVersions(HYBRID_2020, providers).filter((c) => !c.ok);
    expect(failures).toEqual([
      {
        resourceType: 'Microsoft.Compute/disks',
        wanted: '2019-07-01',
        offered: ['2017-03-30'],
        ok: false,
        problem: 'api-version-not-offered',
      },
    ]);
  });

  it('reports a provider the stamp does not list, for each of its types', () => {
    const providers = offerAll(HYBRID_2020).filter((p) => p.namespace !== 'Microsoft.Storage');
    const failures = compareProviderVersions(HYBRID_2020, providers).filter((c) => !c.ok);
    expect(failures).toEqual([
      {
        resourceType: 'Microsoft.Storage/storageAccounts',
        wanted: '2019-06-01',
        offered: [],
        ok: false,
        problem: 'provider-not-listed',
      },
    ]);
  });

  it('reports a resource type the provider does not list', () => {
    const providers = offerAll(HYBRID_2020).map((p) =>
      p.namespace !== 'Microsoft.Network'
        ? p
        : { ...p, resourceTypes: p.resourceTypes.filter((t) => t.resourceType !== 'loadBalancers') },
    );
    const failures = compareProviderVersions(HYBRID_2020, providers).filter((c) => !c.ok);
    expect(failures.map((f) => [f.resourceType, f.problem])).toEqual([
      ['Microsoft.Network/loadBalancers', 'resource-type-not-listed'],
    ]);
  });

  it('matches namespaces, types and versions case-insensitively, as ARM does', () => {
    const providers: OfferedProvider[] = offerAll(HYBRID_2020).map((p) => ({
      namespace: p.namespace.toUpperCase(),
      resourceTypes: p.resourceTypes.map((t) => ({
        resourceType: t.resourceType.toLowerCase(),
        apiVersions: t.apiVersions.map((v) => v.toUpperCase()),
      })),
    }));
    expect(compareProviderVersions(HYBRID_2020, providers).every((c) => c.ok)).toBe(true);
  });

  it('flags everything when a 2019 stamp is checked against the 2020 profile', () => {
    const checks = compareProviderVersions(HYBRID_2020, offerAll(HYBRID_2019));
    expect(checks.filter((c) => c.ok)).toEqual([]);
    expect(checks.find((c) => c.resourceType === 'Microsoft.Compute/virtualMachines')).toEqual({
      resourceType: 'Microsoft.Compute/virtualMachines',
      wanted: '2020-06-01',
      offered: ['2099-01-01', '2017-12-01'],
      ok: false,
      problem: 'api-version-not-offered',
    });
  });

  it('reports every type as missing when the stamp lists no providers', () => {
    const checks = compareProviderVersions(HYBRID_2019, []);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => !c.ok && c.problem === 'provider-not-listed')).toBe(true);
  });

  it('throws for an unknown profile name', () => {
    expect(() => compareProviderVersions('nope', [])).toThrow(RangeError);
  });
});

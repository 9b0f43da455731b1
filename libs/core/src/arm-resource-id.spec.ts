import {
  formatArmResourceId,
  isArmResourceId,
  isGuid,
  isValidResourceGroupName,
  normaliseArmResourceId,
  parentArmResourceId,
  parseArmResourceId,
  sameArmResourceId,
} from './arm-resource-id';

const SUB = '11111111-2222-3333-4444-555555555555';
const VM = `/subscriptions/${SUB}/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines/web-1`;
const SUBNET = `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/default`;

describe('parseArmResourceId', () => {
  it('parses a top-level resource', () => {
    expect(parseArmResourceId(VM)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'app-rg',
      provider: 'Microsoft.Compute',
      types: ['virtualMachines'],
      names: ['web-1'],
      type: 'Microsoft.Compute/virtualMachines',
      name: 'web-1',
    });
  });

  it('parses a child resource with one name per type', () => {
    expect(parseArmResourceId(SUBNET)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'net-rg',
      provider: 'Microsoft.Network',
      types: ['virtualNetworks', 'subnets'],
      names: ['vnet-a', 'default'],
      type: 'Microsoft.Network/virtualNetworks/subnets',
      name: 'default',
    });
  });

  it('parses three levels deep', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe/x/y`;
    expect(parseArmResourceId(id)?.types).toEqual(['loadBalancers', 'frontendIPConfigurations', 'x']);
  });

  it('accepts keywords in any casing, as stamps return them', () => {
    const id = `/SUBSCRIPTIONS/${SUB}/resourcegroups/App-RG/PROVIDERS/microsoft.compute/VIRTUALMACHINES/Web-1`;
    const parsed = parseArmResourceId(id);
    expect(parsed).not.toBeNull();
    // Values keep the casing they were written in; only comparisons ignore it.
    expect(parsed?.resourceGroup).toBe('App-RG');
    expect(parsed?.type).toBe('microsoft.compute/VIRTUALMACHINES');
  });

  it('accepts an upper-case GUID', () => {
    expect(parseArmResourceId(VM.replace(SUB, SUB.toUpperCase().replace(/1/g, 'A')))).not.toBeNull();
  });

  it('accepts resource group names with periods, parentheses, underscores and Unicode letters', () => {
    for (const rg of ['rg.prod', 'rg_(eu)', 'rg-ü', 'a', 'x'.repeat(90)]) {
      expect(parseArmResourceId(VM.replace('app-rg', rg))?.resourceGroup).toBe(rg);
    }
  });

  it.each([
    ['empty string', ''],
    ['no leading slash', VM.slice(1)],
    ['trailing slash', `${VM}/`],
    ['double slash', VM.replace('/virtualMachines/', '//virtualMachines/')],
    ['subscription only', `/subscriptions/${SUB}`],
    ['resource group only', `/subscriptions/${SUB}/resourceGroups/app-rg`],
    ['provider without type', `/subscriptions/${SUB}/resourceGroups/app-rg/providers/Microsoft.Compute`],
    [
      'type without name',
      `/subscriptions/${SUB}/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines`,
    ],
    ['child type without name', `${SUBNET.replace('/default', '')}`],
    ['subscription not a GUID', VM.replace(SUB, 'my-subscription')],
    ['GUID too short', VM.replace(SUB, SUB.slice(1))],
    ['GUID in braces', VM.replace(SUB, `{${SUB}}`)],
    ['misspelt subscriptions keyword', VM.replace('subscriptions', 'subscription')],
    ['misspelt resourceGroups keyword', VM.replace('resourceGroups', 'resourceGroup')],
    ['misspelt providers keyword', VM.replace('providers', 'provider')],
    ['namespace without a dot', VM.replace('Microsoft.Compute', 'Compute')],
    ['namespace with an empty part', VM.replace('Microsoft.Compute', 'Microsoft..Compute')],
    ['resource group ending in a period', VM.replace('app-rg', 'app-rg.')],
    ['resource group too long', VM.replace('app-rg', 'x'.repeat(91))],
    ['resource group with a space', VM.replace('app-rg', 'app rg')],
    ['type with a hyphen', VM.replace('virtualMachines', 'virtual-machines')],
    ['name with a question mark', `${VM}?api-version=1`],
    ['name with a hash', `${VM}#x`],
    ['name with leading space', VM.replace('web-1', ' web-1')],
    ['extension resource', `${VM}/providers/Microsoft.Insights/diagnosticSettings/ds`],
  ])('returns null for %s', (_label, id) => {
    expect(parseArmResourceId(id)).toBeNull();
  });

  it('returns null for non-string input', () => {
    expect(parseArmResourceId(undefined as unknown as string)).toBeNull();
    expect(parseArmResourceId(42 as unknown as string)).toBeNull();
  });
});

describe('isArmResourceId', () => {
  it('is true for a well-formed id without an expected type', () => {
    expect(isArmResourceId(VM)).toBe(true);
  });

  it('is false for a malformed id', () => {
    expect(isArmResourceId('/subscriptions/not-a-guid/resourceGroups/rg/providers/A.B/c/d')).toBe(false);
  });

  it('checks the full type case-insensitively', () => {
    expect(isArmResourceId(VM, 'Microsoft.Compute/virtualMachines')).toBe(true);
    expect(isArmResourceId(VM, 'microsoft.compute/virtualmachines')).toBe(true);
    expect(isArmResourceId(SUBNET, 'Microsoft.Network/virtualNetworks/subnets')).toBe(true);
  });

  it('is false for a different type, including the parent type of a child', () => {
    expect(isArmResourceId(VM, 'Microsoft.Compute/disks')).toBe(false);
    expect(isArmResourceId(SUBNET, 'Microsoft.Network/virtualNetworks')).toBe(false);
    expect(isArmResourceId(VM, 'virtualMachines')).toBe(false);
  });
});

describe('formatArmResourceId', () => {
  it('round-trips a parsed id', () => {
    expect(formatArmResourceId(parseArmResourceId(VM)!)).toBe(VM);
    expect(formatArmResourceId(parseArmResourceId(SUBNET)!)).toBe(SUBNET);
  });

  it('uses canonical keyword casing whatever the input casing was', () => {
    const lower = `/subscriptions/${SUB}/resourcegroups/app-rg/PROVIDERS/Microsoft.Compute/virtualMachines/web-1`;
    expect(formatArmResourceId(parseArmResourceId(lower)!)).toBe(VM);
  });

  it('builds an id from parts', () => {
    expect(
      formatArmResourceId({
        subscriptionId: SUB,
        resourceGroup: 'net-rg',
        provider: 'Microsoft.Network',
        types: ['virtualNetworks', 'subnets'],
        names: ['vnet-a', 'default'],
      }),
    ).toBe(SUBNET);
  });

  it('throws when types and names do not pair up', () => {
    const parts = { subscriptionId: SUB, resourceGroup: 'rg', provider: 'Microsoft.Compute' };
    expect(() => formatArmResourceId({ ...parts, types: ['virtualMachines'], names: [] })).toThrow(
      /one name per type/,
    );
    expect(() => formatArmResourceId({ ...parts, types: [], names: [] })).toThrow(RangeError);
  });

  it('throws for parts that would not parse back', () => {
    const parts = { resourceGroup: 'rg', provider: 'Microsoft.Compute', types: ['virtualMachines'] };
    expect(() => formatArmResourceId({ ...parts, subscriptionId: 'nope', names: ['vm'] })).toThrow(
      /not a valid resource id/,
    );
    expect(() => formatArmResourceId({ ...parts, subscriptionId: SUB, names: ['a/b'] })).toThrow(RangeError);
    expect(() => formatArmResourceId({ ...parts, subscriptionId: SUB, names: [''] })).toThrow(RangeError);
  });
});

describe('normaliseArmResourceId and sameArmResourceId', () => {
  it('lower-cases the whole id', () => {
    expect(normaliseArmResourceId(VM)).toBe(VM.toLowerCase());
  });

  it('makes differently cased ids of the same resource equal', () => {
    const shouting = VM.toUpperCase().replace(SUB.toUpperCase(), SUB);
    expect(normaliseArmResourceId(shouting)).toBe(normaliseArmResourceId(VM));
    expect(sameArmResourceId(shouting, VM)).toBe(true);
  });

  it('does not make different resources equal', () => {
    expect(sameArmResourceId(VM, VM.replace('web-1', 'web-2'))).toBe(false);
  });

  it('also normalises ids it cannot parse', () => {
    expect(normaliseArmResourceId('/Subscriptions/X/Extension')).toBe('/subscriptions/x/extension');
  });
});

describe('parentArmResourceId', () => {
  it('gives the parent of a child resource', () => {
    expect(parentArmResourceId(SUBNET)).toBe(
      `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/vnet-a`,
    );
  });

  it('is null for a top-level resource and for an invalid id', () => {
    expect(parentArmResourceId(VM)).toBeNull();
    expect(parentArmResourceId('nonsense')).toBeNull();
  });
});

describe('isGuid and isValidResourceGroupName', () => {
  it('recognises GUIDs only in the 8-4-4-4-12 hex form', () => {
    expect(isGuid(SUB)).toBe(true);
    expect(isGuid('g1111111-2222-3333-4444-555555555555')).toBe(false);
    expect(isGuid('11111111222233334444555555555555')).toBe(false);
  });

  it('applies the resource group name rules', () => {
    expect(isValidResourceGroupName('rg')).toBe(true);
    expect(isValidResourceGroupName('')).toBe(false);
    expect(isValidResourceGroupName('rg.')).toBe(false);
    expect(isValidResourceGroupName('r/g')).toBe(false);
  });
});

import { checkNetworkMapping, MappingShape, resolveIpMode } from './network-mapping.rules';

const subnet = (vnet: string, name = 'default') =>
  `/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
const nsg = (name: string) =>
  `/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/${name}`;

function mapping(overrides: Partial<MappingShape> = {}): MappingShape {
  return {
    sourceSiteId: 'a',
    targetSiteId: 'b',
    targetSubnetId: subnet('vnet-b'),
    testSubnetId: subnet('vnet-test'),
    staticIps: [],
    ipMode: 'dynamic',
    nsgs: [],
    ...overrides,
  };
}

describe('resolveIpMode', () => {
  it('uses the requested mode when there is one', () => {
    expect(resolveIpMode('keep', [])).toBe('keep');
    expect(resolveIpMode('dynamic', [{ sourceIp: '10.0.0.1', targetIp: '10.1.0.1' }])).toBe('dynamic');
  });
  it('defaults to map with static IPs and to dynamic without', () => {
    expect(resolveIpMode(undefined, [{ sourceIp: '10.0.0.1', targetIp: '10.1.0.1' }])).toBe('map');
    expect(resolveIpMode(undefined, [])).toBe('dynamic');
  });
  it('keeps a stored mode on update unless the static IP list changes its meaning', () => {
    expect(resolveIpMode(undefined, [], 'keep')).toBe('keep');
    expect(resolveIpMode(undefined, [], 'map')).toBe('dynamic');
    expect(resolveIpMode(undefined, [{ sourceIp: '10.0.0.1', targetIp: '10.1.0.1' }], 'keep')).toBe('map');
  });
});

describe('checkNetworkMapping', () => {
  it('accepts a sound mapping', () => {
    expect(checkNetworkMapping(mapping())).toEqual([]);
  });

  it('refuses the same site on both sides', () => {
    expect(checkNetworkMapping(mapping({ targetSiteId: 'a' }))).toEqual([
      expect.objectContaining({ field: 'targetSiteId', rule: 'different-site' }),
    ]);
  });

  it('refuses a test subnet that is the production target subnet, whatever the casing', () => {
    const v = checkNetworkMapping(
      mapping({ testSubnetId: subnet('vnet-b').toUpperCase().replace('/SUBSCRIPTIONS', '/subscriptions') }),
    );
    expect(v).toEqual([expect.objectContaining({ field: 'testSubnetId', rule: 'isolated-test-subnet' })]);
  });

  it('names the second use of a target IP, and of a source IP', () => {
    const v = checkNetworkMapping(
      mapping({
        ipMode: 'map',
        staticIps: [
          { sourceIp: '10.0.0.1', targetIp: '10.1.0.1' },
          { sourceIp: '10.0.0.2', targetIp: '10.1.0.1' },
          { sourceIp: '10.0.0.1', targetIp: '10.1.0.3' },
        ],
      }),
    );
    expect(v).toEqual([
      expect.objectContaining({ field: 'staticIps[1].targetIp', rule: 'unique-target-ip' }),
      expect.objectContaining({ field: 'staticIps[2].sourceIp', rule: 'unique-source-ip' }),
    ]);
  });

  it('refuses static IPs with a mode that ignores them', () => {
    const v = checkNetworkMapping(
      mapping({ ipMode: 'keep', staticIps: [{ sourceIp: '10.0.0.1', targetIp: '10.1.0.1' }] }),
    );
    expect(v).toEqual([expect.objectContaining({ field: 'staticIps', rule: 'ip-mode' })]);
  });

  it('refuses a test NSG that is the production NSG', () => {
    const v = checkNetworkMapping(
      mapping({ nsgs: [{ sourceNsgId: nsg('a'), targetNsgId: nsg('b'), testNsgId: nsg('b') }] }),
    );
    expect(v).toEqual([expect.objectContaining({ field: 'nsgs[0].testNsgId', rule: 'isolated-test-nsg' })]);
  });
});

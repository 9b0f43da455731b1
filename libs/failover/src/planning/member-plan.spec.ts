import type { VmInfo, VnetInfo } from '@twinsite/core';
import { MappingFacts, MemberInput, PairFacts, resolveMember } from './member-plan';

const SUB_A = '11111111-1111-1111-1111-111111111111';
const SUB_B = '22222222-2222-2222-2222-222222222222';
const subnet = (sub: string, rg: string, vnet: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
const nsg = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/net/providers/Microsoft.Network/networkSecurityGroups/${name}`;
const pool = `/subscriptions/${SUB_B}/resourceGroups/net/providers/Microsoft.Network/loadBalancers/lb/backendAddressPools/web`;
const VM_ID = `/subscriptions/${SUB_A}/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines/web-01`;

const pair = (target: Partial<PairFacts['target']> = {}): PairFacts => ({
  id: 'p1',
  name: 'web-01',
  sourceResourceId: VM_ID,
  target: { resourceGroup: 'app-dr', mode: 'from-recovery-point', ...target },
  lagSourceKind: 'arm-snapshot',
  lagSourceSettings: { resourceGroup: 'replica-rg' },
});

const webMapping: MappingFacts = {
  id: 'm1',
  name: 'web',
  sourceSubnetId: subnet(SUB_A, 'net', 'app', 'web'),
  targetSubnetId: subnet(SUB_B, 'net', 'dr', 'web'),
  testSubnetId: subnet(SUB_B, 'net', 'test', 'web'),
  staticIps: [],
  ipMode: 'keep',
  nsgs: [
    { sourceNsgId: nsg(SUB_A, 'web'), targetNsgId: nsg(SUB_B, 'dr-web'), testNsgId: nsg(SUB_B, 'test-web') },
  ],
  loadBalancers: [{ sourceBackendPoolId: pool.replace(SUB_B, SUB_A), targetBackendPoolId: pool }],
  publicIp: true,
};
const dbMapping: MappingFacts = {
  ...webMapping,
  id: 'm2',
  name: 'db',
  sourceSubnetId: subnet(SUB_A, 'net', 'app', 'db'),
  targetSubnetId: subnet(SUB_B, 'net', 'dr', 'db'),
  testSubnetId: subnet(SUB_B, 'net', 'test', 'db'),
  nsgs: [],
  loadBalancers: [],
  publicIp: false,
};

const vnet = (sub: string, name: string, subnets: Array<[string, string, string?]>): VnetInfo => ({
  id: `/subscriptions/${sub}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${name}`,
  name,
  resourceGroup: 'net',
  location: 'x',
  addressPrefixes: ['10.1.0.0/16'],
  subnets: subnets.map(([n, prefix, nsgId]) => ({
    id: subnet(sub, 'net', name, n),
    name: n,
    addressPrefix: prefix,
    nsgId,
  })),
  tags: {},
});
const sourceVnets = [
  vnet(SUB_A, 'app', [
    ['web', '10.1.1.0/24', nsg(SUB_A, 'web')],
    ['db', '10.1.2.0/24'],
  ]),
];
const targetVnets = [
  vnet(SUB_B, 'dr', [
    ['web', '10.1.1.0/24'],
    ['db', '10.1.2.0/24'],
  ]),
  vnet(SUB_B, 'test', [
    ['web', '10.1.1.0/24'],
    ['db', '10.9.2.0/24'],
  ]),
];
const sourceVm: VmInfo = {
  id: VM_ID,
  name: 'web-01',
  resourceGroup: 'app-rg',
  location: 'east',
  size: 'Standard_D2_v2',
  osType: 'Windows',
  powerState: 'running',
  nicIds: ['nic'],
  privateIps: ['10.1.1.10'],
  dataDiskIds: [],
  diskIds: [],
  tags: {},
};

const input = (o: Partial<MemberInput> = {}): MemberInput => ({
  kind: 'planned',
  runId: '12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  pair: pair(),
  mappings: [webMapping, dbMapping],
  sourceVm,
  sourceVnets,
  targetVnets,
  ...o,
});

describe('resolveMember', () => {
  it('maps a VM through the mapping of its subnet: same address, mapped NSG, load balancer pool, public IP, source size and OS', () => {
    const { member, findings } = resolveMember(input());
    expect(findings).toEqual([]);
    expect(member).toMatchObject({
      mode: 'from-recovery-point',
      vmName: 'web-01',
      resourceGroup: 'app-dr',
      size: 'Standard_D2_v2',
      osType: 'Windows',
      subnetId: webMapping.targetSubnetId,
      privateIp: '10.1.1.10',
      nsgId: nsg(SUB_B, 'dr-web'),
      backendPoolIds: [pool],
      publicIp: true,
      recoveryPointGroup: 'replica-rg',
    });
  });

  it('puts a test into the isolated subnet with the test NSG, its own resource group and no production pool', () => {
    const { member } = resolveMember(input({ kind: 'test' }));
    expect(member).toMatchObject({
      subnetId: webMapping.testSubnetId,
      nsgId: nsg(SUB_B, 'test-web'),
      backendPoolIds: [],
      resourceGroup: 'app-dr-test-12345678',
    });
  });

  it('uses mapped addresses, and the pair’s own address and size before anything else', () => {
    const mapped = {
      ...webMapping,
      ipMode: 'map' as const,
      staticIps: [{ sourceIp: '10.1.1.10', targetIp: '10.1.1.50' }],
    };
    expect(resolveMember(input({ mappings: [mapped] })).member?.privateIp).toBe('10.1.1.50');
    expect(
      resolveMember(input({ pair: pair({ staticIp: '10.1.1.77', vmSize: 'Standard_A2_v2' }) })).member,
    ).toMatchObject({ privateIp: '10.1.1.77', size: 'Standard_A2_v2' });
    const dynamic = resolveMember(input({ mappings: [{ ...webMapping, ipMode: 'dynamic' }] }));
    expect(dynamic.member?.privateIp).toBeNull();
  });

  it('says what is missing: an unmapped subnet, a subnet absent at the target, an address outside it', () => {
    expect(resolveMember(input({ mappings: [dbMapping] })).findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'mapping-missing' }),
    ]);
    expect(resolveMember(input({ targetVnets: [] })).findings).toEqual([
      expect.objectContaining({ code: 'subnet-missing' }),
    ]);
    expect(resolveMember(input({ pair: pair({ staticIp: '10.1.2.5' }) })).findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'static-ip-outside-subnet' }),
    ]);
  });

  it('without the source (unplanned), picks the mapping by the pair’s address, and otherwise says it cannot tell', () => {
    const byIp = resolveMember(
      input({
        kind: 'unplanned',
        sourceVm: undefined,
        pair: pair({ staticIp: '10.1.2.20', vmSize: 'Standard_A1_v2' }),
      }),
    );
    expect(byIp.member).toMatchObject({ subnetId: dbMapping.targetSubnetId, privateIp: '10.1.2.20' });
    expect(byIp.findings.map((f) => f.code)).toEqual(['os-type-assumed']);
    const unknown = resolveMember(input({ kind: 'unplanned', sourceVm: undefined }));
    expect(unknown.findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'mapping-ambiguous'],
      ['error', 'vm-size-unknown'],
      ['warning', 'os-type-assumed'],
    ]);
  });

  it('starts a standby VM instead of building one, and needs to know which', () => {
    const standby = `/subscriptions/${SUB_B}/resourceGroups/app-dr/providers/Microsoft.Compute/virtualMachines/web-01`;
    expect(
      resolveMember(input({ pair: pair({ mode: 'standby', standbyVmId: standby }) })).member,
    ).toMatchObject({ mode: 'standby', standbyVmId: standby });
    expect(resolveMember(input({ pair: pair({ mode: 'standby' }) })).findings[0].code).toBe(
      'standby-vm-missing',
    );
  });

  it('falls back to a dynamic address in a test subnet the address does not fit', () => {
    const db = { ...sourceVm, privateIps: ['10.1.2.10'] };
    const { member, findings } = resolveMember(input({ kind: 'test', sourceVm: db }));
    expect(member?.privateIp).toBeNull();
    expect(findings.map((f) => f.code)).toEqual(['test-ip-dynamic']);
  });
});

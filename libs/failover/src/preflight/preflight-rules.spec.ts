import type { RecoveryPoint, SiteInventory, VmInfo } from '@twinsite/core';
import type { MemberPlan } from '../planning/run-snapshot';
import { checkTarget, TargetCheckInput } from './preflight-rules';

const NOW = new Date('2025-06-01T10:00:00Z');
const vm = (o: Partial<VmInfo>): VmInfo => ({
  id: '/vm/x',
  name: 'x',
  resourceGroup: 'rg',
  location: 'west',
  size: 'Standard_A1_v2',
  powerState: 'running',
  nicIds: [],
  privateIps: [],
  dataDiskIds: [],
  diskIds: [],
  tags: {},
  ...o,
});
const inventory = (vms: VmInfo[] = []): SiteInventory => ({
  siteId: 'b',
  collectedAt: NOW.toISOString(),
  vms,
  vnets: [],
  nsgs: [],
  publicIps: [],
  loadBalancers: [],
});
const member = (o: Partial<MemberPlan> = {}): MemberPlan => ({
  pairId: 'p1',
  pairName: 'web-01',
  mode: 'from-recovery-point',
  sourceVmId: '/vm/web-01',
  vmName: 'web-01',
  resourceGroup: 'app-dr',
  size: 'Standard_D2_v2',
  osType: 'Linux',
  subnetId: '/subnet/web',
  privateIp: '10.1.1.10',
  nsgId: null,
  publicIp: false,
  backendPoolIds: [],
  ...o,
});
const rp = (at: string): RecoveryPoint => ({
  snapshotId: `/s/${at}`,
  snapshotName: at,
  resourceGroup: 'r',
  sourceResourceId: '/vm/web-01',
  recoveryPointAt: at,
  diskRole: 'os',
  tags: {},
});

const input = (o: Partial<TargetCheckInput> = {}): TargetCheckInput => ({
  kind: 'unplanned',
  runId: 'run-1',
  recoveryPoint: 'latest',
  rpoSeconds: 300,
  now: NOW,
  members: [member()],
  target: {
    inventory: inventory(),
    sizes: [{ name: 'Standard_D2_v2', cores: 2, memoryMb: 7168 }],
    quota: { used: 0, limit: 10 },
    recoveryPoints: [rp('2025-06-01T09:59:00Z')],
  },
  ...o,
});

const codes = (i: TargetCheckInput) => checkTarget(i).findings.map((f) => `${f.severity}:${f.code}`);

describe('checkTarget', () => {
  it('passes a plan that fits, and says which recovery point each VM is expected to use', () => {
    const result = checkTarget(input());
    expect(result.findings).toEqual([]);
    expect(result.recoveryPointAt.get('p1')).toBe('2025-06-01T09:59:00.000Z');
  });

  it('blocks on an unreachable target, a size the target lacks, and too few free cores', () => {
    expect(codes(input({ target: { error: 'connect ECONNREFUSED' } }))).toEqual(['error:target-unreachable']);
    expect(codes(input({ members: [member({ size: 'Standard_F8s_v2' })] }))).toContain(
      'error:vm-size-unavailable',
    );
    expect(codes(input({ target: { ...input().target, quota: { used: 9, limit: 10 } } }))).toEqual([
      'error:core-quota',
    ]);
  });

  it('blocks on an address or a name already taken at the target, but not by the run’s own resources', () => {
    const taken = vm({ name: 'web-01', resourceGroup: 'app-dr', privateIps: ['10.1.1.10'] });
    expect(codes(input({ target: { ...input().target, inventory: inventory([taken]) } }))).toEqual([
      'error:name-taken',
      'error:static-ip-in-use',
    ]);
    const ours = { ...taken, tags: { 'twinsite-run': 'run-1' } };
    expect(codes(input({ target: { ...input().target, inventory: inventory([ours]) } }))).toEqual([]);
  });

  it('blocks a drill whose address an earlier, uncleaned drill still holds', () => {
    const drill = vm({
      name: 'web-01',
      resourceGroup: 'app-dr-test-1',
      privateIps: ['10.1.1.10'],
      tags: { 'twinsite-run': 'old', 'twinsite-run-kind': 'test' },
    });
    const found = checkTarget(
      input({ kind: 'test', target: { ...input().target, inventory: inventory([drill]) } }),
    ).findings;
    expect(found).toEqual([
      expect.objectContaining({ code: 'static-ip-in-use', message: expect.stringContaining('drill old') }),
    ]);
  });

  it('warns about a recovery point older than the RPO, and refuses one that does not exist', () => {
    expect(
      codes(input({ target: { ...input().target, recoveryPoints: [rp('2025-06-01T09:00:00Z')] } })),
    ).toEqual(['warning:recovery-point-old']);
    expect(codes(input({ recoveryPoint: '2025-06-01T08:00:00Z' }))).toEqual([
      'error:recovery-point-not-found',
    ]);
    expect(codes(input({ recoveryPoint: '2025-06-01T11:00:00Z' }))).toEqual([
      'error:recovery-point-not-found',
    ]);
    expect(codes(input({ target: { ...input().target, recoveryPoints: [] } }))).toEqual([
      'error:no-recovery-point',
    ]);
  });

  it('does not hold an old point against a planned failover, which takes a fresh one after the stop', () => {
    expect(
      codes(
        input({
          kind: 'planned',
          target: { ...input().target, recoveryPoints: [rp('2025-06-01T09:00:00Z')] },
        }),
      ),
    ).toEqual([]);
  });
});

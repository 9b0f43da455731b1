import { combinedFindings, MemberFacts, PlanPreflight, TargetCapacity } from './combined-preflight';

const member = (o: Partial<MemberFacts> = {}): MemberFacts => ({
  pairId: 'p',
  pairName: 'vm',
  mode: 'from-recovery-point',
  vmName: 'vm',
  resourceGroup: 'app-dr',
  size: 'Standard_D8',
  subnetId: '/sub/x/subnets/web',
  privateIp: null,
  ...o,
});
const plan = (
  id: string,
  members: MemberFacts[],
  findings: PlanPreflight['findings'] = [],
): PlanPreflight => ({
  planId: id,
  planName: `plan-${id}`,
  applicationId: `app-${id}`,
  targetSiteId: 'b',
  findings,
  members,
});
const target: TargetCapacity = {
  siteId: 'b',
  siteName: 'stamp-b',
  sizes: [{ name: 'Standard_D8', cores: 8, memoryMb: 1 }],
  quota: { used: 16, limit: 80 },
};
const targets = new Map([['b', target]]);
const vms = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    member({ pairId: `${prefix}${i}`, pairName: `${prefix}${i}`, vmName: `${prefix}${i}` }),
  );

describe('combinedFindings', () => {
  it('names the shortfall when every plan fits alone but all of them do not', () => {
    const plans = [plan('a', vms('a', 4)), plan('b', vms('b', 4)), plan('c', vms('c', 4))];
    const findings = combinedFindings('unplanned', plans, targets);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'core-quota-combined',
        message: expect.stringContaining('needs 96 cores at stamp-b, 64 available'),
      }),
    ]);
    expect(findings[0].message).toContain('plan-a 32, plan-b 32, plan-c 32');
    expect(combinedFindings('unplanned', plans.slice(0, 2), targets)).toEqual([]);
  });

  it('blocks a static address or a VM name wanted by two plans, and keeps each plan’s own findings with its plan', () => {
    const a = plan(
      'a',
      [member({ pairId: 'a1', vmName: 'web', privateIp: '10.1.1.10' })],
      [{ severity: 'warning', code: 'os-type-assumed', message: 'x', pairId: 'a1' }],
    );
    const b = plan('b', [member({ pairId: 'b1', vmName: 'web', privateIp: '10.1.1.10' })]);
    const codes = combinedFindings('unplanned', [a, b], targets).map(
      (f) => `${f.severity}:${f.code}:${f.planId}`,
    );
    expect(codes).toEqual([
      'warning:os-type-assumed:a',
      'error:static-ip-conflict:b',
      'error:name-conflict:b',
    ]);
    // A drill builds into a resource group of its own: names do not clash, addresses in the test network do.
    expect(combinedFindings('test', [a, b], targets).map((f) => f.code)).toEqual([
      'os-type-assumed',
      'static-ip-conflict',
    ]);
  });

  it('counts a stopped standby VM, not a running one', () => {
    const t: TargetCapacity = {
      ...target,
      quota: { used: 0, limit: 8 },
      vms: [
        { id: '/vm/s1', size: 'Standard_D8', powerState: 'deallocated' },
        { id: '/vm/s2', size: 'Standard_D8', powerState: 'running' },
      ],
    };
    const standby = (id: string) => member({ mode: 'standby', standbyVmId: id, size: undefined });
    expect(
      combinedFindings(
        'unplanned',
        [plan('a', [standby('/vm/s1')]), plan('b', [standby('/vm/s2')])],
        new Map([['b', t]]),
      ),
    ).toEqual([]);
    expect(
      combinedFindings(
        'unplanned',
        [plan('a', [standby('/vm/s1')]), plan('b', vms('b', 1))],
        new Map([['b', t]]),
      ).map((f) => f.code),
    ).toEqual(['core-quota-combined']);
  });
});

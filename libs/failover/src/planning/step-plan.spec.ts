import { MemberPlan, RunSnapshot } from './run-snapshot';
import { planCleanupStep, planSteps } from './step-plan';

const member = (
  pairId: string,
  vmName: string,
  mode: MemberPlan['mode'] = 'from-recovery-point',
): MemberPlan => ({
  pairId,
  pairName: vmName,
  mode,
  sourceVmId: `/vm/${vmName}`,
  vmName,
  resourceGroup: 'app-dr',
  size: 'Standard_A1_v2',
  osType: 'Linux',
  subnetId: '/subnet',
  privateIp: '10.1.1.10',
  nsgId: null,
  publicIp: false,
  backendPoolIds: [],
});

const snapshot: RunSnapshot = {
  plan: { id: 'plan', name: 'shop', version: 3 },
  application: { id: 'app', name: 'shop', rpoSeconds: 300, rtoSeconds: 3600 },
  sourceSite: { id: 'site-a', name: 'stamp-a' },
  targetSite: { id: 'site-b', name: 'stamp-b' },
  groups: [
    {
      name: 'db',
      pairIds: ['p1'],
      before: [{ kind: 'manual-approval', message: 'Fence the primary' }],
      after: [{ kind: 'database-promote', pairId: 'p1' }],
    },
    {
      name: 'web',
      pairIds: ['p2', 'p3'],
      before: [],
      after: [
        { kind: 'health-check', protocol: 'tcp', target: 'pair:p2', port: 443, timeoutSeconds: 60 },
        { kind: 'wait', seconds: 5 },
      ],
    },
  ],
  members: { p1: member('p1', 'db-01', 'standby'), p2: member('p2', 'web-01'), p3: member('p3', 'web-02') },
};

describe('planSteps', () => {
  it('runs before-steps one by one, a group’s VMs together, after-steps one by one, groups in order', () => {
    const steps = planSteps('test', snapshot);
    expect(steps.map((s) => [s.seq, s.stage, s.kind, s.groupName, s.pairId])).toEqual([
      [1, 0, 'resource-group', null, null],
      [2, 1, 'manual-approval', 'db', null],
      [3, 2, 'start-standby', 'db', 'p1'],
      [4, 3, 'database-promote', 'db', 'p1'],
      [5, 4, 'recover-vm', 'web', 'p2'],
      [6, 4, 'recover-vm', 'web', 'p3'],
      [7, 5, 'health-check', 'web', 'p2'],
      [8, 6, 'wait', 'web', null],
    ]);
    expect(steps[0].name).toBe('Resource group app-dr exists at stamp-b');
    expect(steps[1].name).toBe('An operator approves: Fence the primary');
    expect(steps[4].name).toBe(
      'VM web-01 runs at stamp-b in the isolated test network, built from its recovery point (Standard_A1_v2, 10.1.1.10)',
    );
    expect(steps[6].name).toBe('web-01 runs at stamp-b and answers tcp/443');
    expect(steps[4].siteId).toBe('site-b');
  });

  it('stops every source VM first in a planned failover', () => {
    const steps = planSteps('planned', snapshot);
    expect(steps.slice(0, 4).map((s) => [s.stage, s.kind, s.pairId, s.siteId])).toEqual([
      [0, 'resource-group', null, null],
      [0, 'stop-source', 'p1', 'site-a'],
      [0, 'stop-source', 'p2', 'site-a'],
      [0, 'stop-source', 'p3', 'site-a'],
    ]);
    expect(steps[4]).toMatchObject({ stage: 1, kind: 'manual-approval' });
  });

  it('adds the cleanup as the last stage', () => {
    expect(planCleanupStep(snapshot, 8)).toMatchObject({
      seq: 8,
      phase: 'cleanup',
      kind: 'cleanup',
      name: 'Everything this test run made at stamp-b is removed',
    });
  });
});

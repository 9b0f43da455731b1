import type { RecoveryPoint } from '@twinsite/core';
import { chooseRecoveryPoint, recoveryPointSets } from './recovery-points';

const VM =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines/web-01';

const point = (at: string, role: string, vm = VM): RecoveryPoint => ({
  snapshotId: `/snap/${role}-${at}`,
  snapshotName: `${role}-${at}`,
  resourceGroup: 'replica-rg',
  sourceResourceId: vm.toLowerCase(),
  recoveryPointAt: at,
  diskRole: role,
  tags: {},
});

describe('recovery points', () => {
  const points = [
    point('2025-06-01T10:00:00.000Z', 'os'),
    point('2025-06-01T10:00:00.000Z', 'data-1'),
    point('2025-06-01T10:00:00.000Z', 'data-0'),
    point('2025-06-01T10:05:00.000Z', 'os'),
    point('2025-06-01T10:05:00.000Z', 'data-0'),
    point('2025-06-01T10:05:00.000Z', 'data-1'),
    point('2025-06-01T10:10:00.000Z', 'data-0'), // no OS disk: incomplete
    point('2025-06-01T10:20:00.000Z', 'os', VM.replace('web-01', 'web-02')),
  ];

  it('groups the snapshots of one VM by time, complete sets only, newest first, OS disk first and data disks by LUN', () => {
    const sets = recoveryPointSets(points, VM);
    expect(sets.map((s) => s.at)).toEqual(['2025-06-01T10:05:00.000Z', '2025-06-01T10:00:00.000Z']);
    expect(sets[0].disks.map((d) => d.role)).toEqual(['os', 'data-0', 'data-1']);
  });

  it('chooses the newest, the newest at or before a time, or the first one after the source stopped', () => {
    const sets = recoveryPointSets(points, VM);
    expect(chooseRecoveryPoint(sets, { latest: true })?.at).toBe('2025-06-01T10:05:00.000Z');
    expect(chooseRecoveryPoint(sets, { at: new Date('2025-06-01T10:04:59Z') })?.at).toBe(
      '2025-06-01T10:00:00.000Z',
    );
    expect(chooseRecoveryPoint(sets, { at: new Date('2025-06-01T09:00:00Z') })).toBeNull();
    expect(chooseRecoveryPoint(sets, { newerThan: new Date('2025-06-01T10:04:00Z') })?.at).toBe(
      '2025-06-01T10:05:00.000Z',
    );
    expect(chooseRecoveryPoint(sets, { newerThan: new Date('2025-06-01T10:05:00Z') })).toBeNull();
  });
});

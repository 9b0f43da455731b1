import type { RecoveryPoint } from '@twinsite/core';
import { indexRecoveryPoints, newestRecoveryPoint } from './arm-snapshot.lag-source';

const VM =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines/db-01';

function point(at: string, role: string, overrides: Partial<RecoveryPoint> = {}): RecoveryPoint {
  return {
    snapshotId: `/x/snapshots/db-01-${role}-${at}`,
    snapshotName: `db-01-${role}-${at}`,
    resourceGroup: 'twinsite-replica',
    sourceResourceId: VM.toLowerCase(),
    recoveryPointAt: at,
    diskRole: role,
    tags: {},
    ...overrides,
  };
}

describe('indexRecoveryPoints / newestRecoveryPoint', () => {
  it('finds the newest recovery point of a source, matching its id case-insensitively', () => {
    const index = indexRecoveryPoints([
      point('2026-11-27T10:00:00Z', 'os'),
      point('2026-11-27T10:00:00Z', 'data-0'),
      point('2026-11-27T10:01:00Z', 'os'),
      point('2026-11-27T10:01:00Z', 'data-0'),
    ]);
    expect(newestRecoveryPoint(index, VM.toUpperCase().replace('/SUBSCRIPTIONS', '/subscriptions'))).toBe(
      Date.parse('2026-11-27T10:01:00Z'),
    );
    expect(newestRecoveryPoint(index, VM.replace('db-01', 'db-02'))).toBeNull();
  });

  it('counts a recovery point only once every disk of it is there', () => {
    const index = indexRecoveryPoints([
      point('2026-11-27T10:00:00Z', 'os'),
      point('2026-11-27T10:00:00Z', 'data-0'),
      // Still copying the data disk of the newer point.
      point('2026-11-27T10:01:00Z', 'os'),
    ]);
    expect(newestRecoveryPoint(index, VM)).toBe(Date.parse('2026-11-27T10:00:00Z'));
  });

  it('gathers the disks of a point wherever the listing puts them', () => {
    const index = indexRecoveryPoints([
      point('2026-11-27T10:00:00Z', 'os'),
      point('2026-11-27T10:01:00Z', 'os'),
      point('2026-11-27T10:02:00Z', 'os'),
      point('2026-11-27T10:00:00Z', 'data-0'),
      point('2026-11-27T10:01:00Z', 'data-0'),
      // The same disk listed twice is one disk.
      point('2026-11-27T10:02:00Z', 'os'),
    ]);
    expect(newestRecoveryPoint(index, VM)).toBe(Date.parse('2026-11-27T10:01:00Z'));
  });

  it('keeps to a resource group when the pair names one', () => {
    const index = indexRecoveryPoints([
      point('2026-11-27T10:00:00Z', 'os', { resourceGroup: 'RG-Snaps' }),
      point('2026-11-27T10:05:00Z', 'os', { resourceGroup: 'other' }),
    ]);
    expect(newestRecoveryPoint(index, VM)).toBe(Date.parse('2026-11-27T10:05:00Z'));
    expect(newestRecoveryPoint(index, VM, 'rg-snaps')).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(newestRecoveryPoint(index, VM, 'nowhere')).toBeNull();
  });

  it('ignores snapshots without a usable time', () => {
    const index = indexRecoveryPoints([point('not a time', 'os'), point('2026-11-27T10:00:00Z', 'os')]);
    expect(newestRecoveryPoint(index, VM)).toBe(Date.parse('2026-11-27T10:00:00Z'));
  });
});

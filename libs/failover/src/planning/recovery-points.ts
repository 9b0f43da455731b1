import { normaliseArmResourceId, RecoveryPoint } from '@twinsite/core';

/** The snapshots of every disk of one VM at one recovery point. */
export interface RecoveryPointSet {
  at: string;
  /** OS disk first, then data disks by LUN. */
  disks: Array<{ role: string; snapshotId: string }>;
}

function roleOrder(role: string): number {
  if (role === 'os') return -1;
  const lun = /^data-(\d+)$/.exec(role);
  return lun ? Number(lun[1]) : 1e9;
}

/** The complete recovery points (an OS disk at least) of one source VM, newest first. */
export function recoveryPointSets(
  points: readonly RecoveryPoint[],
  sourceResourceId: string,
): RecoveryPointSet[] {
  const source = normaliseArmResourceId(sourceResourceId);
  const byTime = new Map<number, Map<string, string>>();
  for (const point of points) {
    if (normaliseArmResourceId(point.sourceResourceId) !== source) continue;
    const at = Date.parse(point.recoveryPointAt);
    if (Number.isNaN(at)) continue;
    const disks = byTime.get(at) ?? new Map<string, string>();
    disks.set(point.diskRole, point.snapshotId);
    byTime.set(at, disks);
  }
  return [...byTime.entries()]
    .filter(([, disks]) => disks.has('os'))
    .sort(([a], [b]) => b - a)
    .map(([at, disks]) => ({
      at: new Date(at).toISOString(),
      disks: [...disks.entries()]
        .sort(([a], [b]) => roleOrder(a) - roleOrder(b))
        .map(([role, snapshotId]) => ({ role, snapshotId })),
    }));
}

export type RecoveryPointChoice = { latest: true } | { at: Date } | { newerThan: Date };

/**
 * `latest`: the newest. `at`: the newest taken at or before that time (an operator
 * picks a time; every VM uses its own newest point not after it). `newerThan`: the
 * newest taken after that time (a planned failover, after the source stopped).
 */
export function chooseRecoveryPoint(
  sets: readonly RecoveryPointSet[],
  choice: RecoveryPointChoice,
): RecoveryPointSet | null {
  if ('latest' in choice) return sets[0] ?? null;
  if ('at' in choice) return sets.find((s) => Date.parse(s.at) <= choice.at.getTime()) ?? null;
  const newest = sets[0];
  return newest && Date.parse(newest.at) > choice.newerThan.getTime() ? newest : null;
}

export function parseRecoveryPointRequest(request: string): RecoveryPointChoice {
  return request === 'latest' ? { latest: true } : { at: new Date(request) };
}

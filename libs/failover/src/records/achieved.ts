import type { RunKind } from '@twinsite/core';

/**
 * Achieved RPO: the data-loss window, from the press of the button back to the
 * recovery point used (the oldest one, when VMs used different points). A planned
 * failover stops the source first and waits for a point after the stop: no loss.
 */
export function achievedRpoSeconds(
  kind: RunKind,
  startedAt: Date,
  recoveryPointAt: Date | null,
): number | null {
  if (kind === 'planned') return 0;
  if (!recoveryPointAt) return null;
  return Math.max(0, (startedAt.getTime() - recoveryPointAt.getTime()) / 1000);
}

/** Achieved RTO: from the press to the last healthy check (or, with no health checks, to the last VM up). */
export function achievedRtoSeconds(startedAt: Date, healthyAt: readonly Date[], failedOverAt: Date): number {
  const end = healthyAt.length > 0 ? Math.max(...healthyAt.map((d) => d.getTime())) : failedOverAt.getTime();
  return Math.max(0, (end - startedAt.getTime()) / 1000);
}

/** The run's recovery point: the oldest the VMs came up from. */
export function oldestRecoveryPoint(points: ReadonlyArray<string | null | undefined>): Date | null {
  const times = points
    .filter((p): p is string => typeof p === 'string')
    .map((p) => Date.parse(p))
    .filter((t) => !Number.isNaN(t));
  return times.length ? new Date(Math.min(...times)) : null;
}

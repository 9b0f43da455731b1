import type { RunKind } from '@twinsite/core';

export interface RunRecord {
  id: string;
  kind: RunKind;
  state: string;
  at: Date;
  achievedRtoSeconds: number | null;
  achievedRpoSeconds: number | null;
  rtoSeconds: number;
}

export interface Drill {
  runId: string;
  at: string;
  state: string;
  achievedRtoSeconds: number | null;
  rtoSeconds: number;
  metRto: boolean | null;
  cleanupCompleted: boolean;
}

export interface RecoveryStats {
  /** Mean achieved RTO over every run (drills included) that reached its goal. */
  mttrSeconds: number | null;
  /** The same over real failovers only. */
  realMttrSeconds: number | null;
  runs: Array<{
    runId: string;
    kind: RunKind;
    state: string;
    at: string;
    achievedRtoSeconds: number | null;
    achievedRpoSeconds: number | null;
  }>;
  drills: Drill[];
  lastDrill: Drill | null;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** An application's recovery record, newest first. */
export function recoveryStats(records: readonly RunRecord[]): RecoveryStats {
  const sorted = [...records].sort((a, b) => b.at.getTime() - a.at.getTime());
  const measured = sorted.filter((r) => r.achievedRtoSeconds !== null);
  const drills = sorted
    .filter((r) => r.kind === 'test')
    .map((r) => ({
      runId: r.id,
      at: r.at.toISOString(),
      state: r.state,
      achievedRtoSeconds: r.achievedRtoSeconds,
      rtoSeconds: r.rtoSeconds,
      metRto: r.achievedRtoSeconds === null ? null : r.achievedRtoSeconds <= r.rtoSeconds,
      cleanupCompleted: r.state === 'cleaned-up',
    }));
  return {
    mttrSeconds: mean(measured.map((r) => r.achievedRtoSeconds!)),
    realMttrSeconds: mean(measured.filter((r) => r.kind !== 'test').map((r) => r.achievedRtoSeconds!)),
    runs: sorted.map((r) => ({
      runId: r.id,
      kind: r.kind,
      state: r.state,
      at: r.at.toISOString(),
      achievedRtoSeconds: r.achievedRtoSeconds,
      achievedRpoSeconds: r.achievedRpoSeconds,
    })),
    drills,
    lastDrill: drills[0] ?? null,
  };
}

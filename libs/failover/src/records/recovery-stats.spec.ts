import { achievedRpoSeconds, achievedRtoSeconds, oldestRecoveryPoint } from './achieved';
import { recoveryStats, RunRecord } from './recovery-stats';

const t = (s: string) => new Date(`2025-06-01T${s}Z`);

describe('achieved RPO and RTO', () => {
  it('RPO is the press minus the oldest recovery point used; none for a planned failover', () => {
    const points = oldestRecoveryPoint(['2025-06-01T09:59:00Z', '2025-06-01T09:58:30Z', null]);
    expect(points).toEqual(t('09:58:30'));
    expect(achievedRpoSeconds('unplanned', t('10:00:00'), points)).toBe(90);
    expect(achievedRpoSeconds('planned', t('10:00:00'), points)).toBe(0);
    expect(achievedRpoSeconds('test', t('10:00:00'), null)).toBeNull();
  });

  it('RTO ends at the last healthy check, or at the last VM up when there is none', () => {
    expect(achievedRtoSeconds(t('10:00:00'), [t('10:03:00'), t('10:05:00')], t('10:04:00'))).toBe(300);
    expect(achievedRtoSeconds(t('10:00:00'), [], t('10:04:00'))).toBe(240);
  });
});

describe('recoveryStats', () => {
  const run = (
    id: string,
    kind: RunRecord['kind'],
    state: string,
    at: string,
    rto: number | null,
  ): RunRecord => ({
    id,
    kind,
    state,
    at: t(at),
    achievedRtoSeconds: rto,
    achievedRpoSeconds: null,
    rtoSeconds: 600,
  });

  it('averages the achieved RTOs into an MTTR and lists drills newest first', () => {
    const stats = recoveryStats([
      run('d1', 'test', 'cleaned-up', '08:00:00', 400),
      run('r1', 'unplanned', 'committed', '09:00:00', 800),
      run('d2', 'test', 'failed-over', '10:00:00', 500),
      run('d3', 'test', 'failed', '11:00:00', null),
    ]);
    expect(stats.mttrSeconds).toBeCloseTo(566.67, 1);
    expect(stats.realMttrSeconds).toBe(800);
    expect(stats.drills.map((d) => [d.runId, d.cleanupCompleted, d.metRto])).toEqual([
      ['d3', false, null],
      ['d2', false, true],
      ['d1', true, true],
    ]);
    expect(stats.lastDrill?.runId).toBe('d3');
    expect(stats.runs).toHaveLength(4);
  });

  it('says nothing rather than zero when nothing was measured', () => {
    expect(recoveryStats([]).mttrSeconds).toBeNull();
  });
});

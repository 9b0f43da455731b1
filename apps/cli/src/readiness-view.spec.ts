import { ReadinessLike, readinessText } from './readiness-view';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function readiness(over: Partial<ReadinessLike['summary']> = {}): ReadinessLike {
  return {
    siteName: 'stamp-a',
    checkedAt: '2026-11-27T12:00:00.000Z',
    plansInFlight: 3,
    summary: {
      applications: 3,
      wouldComeBack: 2,
      ready: 1,
      atRisk: 1,
      notProtected: 1,
      estimatedRto: { rtoSeconds: 900 },
      dataLossSeconds: 75,
      dataLossUnknown: 0,
      siteFindings: [],
      siteBlocked: false,
      ...over,
    },
    applications: [
      {
        name: 'erp',
        tier: 1,
        protection: 'replication',
        verdict: 'ready',
        reasons: [],
        rpoSeconds: 300,
        lag: { currentSeconds: 75 },
        lastDrill: {
          at: '2026-11-27T10:00:00Z',
          achievedRtoSeconds: 600,
          rtoSeconds: 3600,
          cleanupCompleted: true,
        },
      },
      {
        name: 'billing',
        tier: 3,
        protection: 'replication',
        verdict: 'at-risk',
        reasons: ['lag 3603 s exceeds RPO 300 s', 'never drilled'],
        rpoSeconds: 300,
        lag: { currentSeconds: null },
        lastDrill: null,
      },
      {
        name: 'legacy',
        tier: 2,
        protection: 'backup-restore',
        verdict: 'not-protected',
        reasons: ['protection is backup-restore, not replication'],
        rpoSeconds: 86400,
        lag: { currentSeconds: 10 },
        lastDrill: {
          at: '2026-11-20T12:00:00Z',
          achievedRtoSeconds: 60,
          rtoSeconds: 3600,
          cleanupCompleted: false,
        },
      },
    ],
  };
}

describe('readinessText', () => {
  it('opens with the answer: how many come back, how fast, with how much data lost', () => {
    const [first, rto, loss, counts] = readinessText(readiness(), NOW).split('\n');
    expect(first).toBe('If stamp-a were lost now, 2 of 3 applications would come back.');
    expect(rto).toBe('  estimated site RTO  15m (from the last drills, 3 plans at a time)');
    expect(loss).toBe('  data lost now       1m 15s');
    expect(counts).toMatch(
      /^ {2}ready 1 · at risk 1 · not protected 1 {2}\(checked 2026-11-27T12:00:00.000Z\)$/,
    );
  });

  it('says why the site RTO or the data loss is unknown rather than showing a dash', () => {
    const text = readinessText(
      readiness({
        estimatedRto: { rtoSeconds: null, reason: '2 of 3 plans never drilled' },
        dataLossSeconds: null,
        dataLossUnknown: 2,
      }),
      NOW,
    );
    expect(text).toContain('estimated site RTO  unknown: 2 of 3 plans never drilled');
    expect(text).toContain('data lost now       unknown (2 with no known lag)');
  });

  it('lists each application with its verdict and reasons, its lag against the RPO and its last drill', () => {
    const rows = readinessText(readiness(), NOW).split('\n\n')[1].trimEnd().split('\n');
    expect(rows[0]).toMatch(/^APPLICATION\s+TIER\s+VERDICT\s+LAG\/RPO\s+LAST DRILL\s+WHY$/);
    expect(rows[1]).toMatch(/^erp\s+1\s+ready\s+1m 15s \/ 5m\s+2h ago, RTO 10m \/ 1h\s+replication$/);
    expect(rows[2]).toMatch(
      /^billing\s+3\s+at-risk\s+unknown \/ 5m\s+never\s+lag 3603 s exceeds RPO 300 s; never drilled$/,
    );
    expect(rows[3]).toMatch(
      /^legacy\s+2\s+not-protected\s+.*7d ago, RTO 1m \/ 1h, cleanup not completed\s+protection is/,
    );
  });

  it('names what blocks a site failover when all plans together do not fit', () => {
    const text = readinessText(
      readiness({
        siteBlocked: true,
        siteFindings: [{ severity: 'error', message: 'needs 24 cores, 16 free', planName: 'erp-dr' }],
      }),
      NOW,
    );
    expect(text).toContain(
      '  A site failover would be refused now:\n  error: erp-dr: needs 24 cores, 16 free',
    );
  });
});

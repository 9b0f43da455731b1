import { applicationVerdict, ApplicationVerdictInput, estimateSiteRtoSeconds } from './readiness';

const NOW = Date.UTC(2025, 6, 1);
const DAY = 86400;

const healthy: ApplicationVerdictInput = {
  protection: 'replication',
  optIn: true,
  hasPlan: true,
  currentLagSeconds: 30,
  rpoSeconds: 300,
  lastDrill: { at: NOW - 7 * DAY * 1000, achievedRtoSeconds: 420, cleanupCompleted: true },
  rtoSeconds: 600,
  preflightErrors: [],
  preflightWarnings: [],
};

describe('applicationVerdict: not protected', () => {
  it.each(['backup-restore', 'high-availability', 'none'] as const)(
    'is not-protected with protection %s',
    (protection) => {
      expect(applicationVerdict({ ...healthy, protection })).toEqual({
        verdict: 'not-protected',
        reasons: [`protection is ${protection}, not replication`],
        warnings: [],
      });
    },
  );

  it('is not-protected without opt-in', () => {
    expect(applicationVerdict({ ...healthy, optIn: false }).reasons).toEqual(['not opted in']);
  });

  it('is not-protected without a plan', () => {
    expect(applicationVerdict({ ...healthy, hasPlan: false }).reasons).toEqual(['no recovery plan']);
  });

  it('lists every reason it is not protected, and no at-risk reasons', () => {
    expect(
      applicationVerdict({ ...healthy, protection: 'none', optIn: false, hasPlan: false, lastDrill: null }),
    ).toEqual({
      verdict: 'not-protected',
      reasons: ['protection is none, not replication', 'not opted in', 'no recovery plan'],
      warnings: [],
    });
  });
});

describe('applicationVerdict: ready', () => {
  it('is ready with small lag, a good recent drill and clean preflight', () => {
    expect(applicationVerdict(healthy)).toEqual({ verdict: 'ready', reasons: [], warnings: [] });
  });

  it('stays ready at exactly the RPO and exactly the RTO', () => {
    const input = {
      ...healthy,
      currentLagSeconds: 300,
      lastDrill: { ...healthy.lastDrill!, achievedRtoSeconds: 600 },
    };
    expect(applicationVerdict(input).verdict).toBe('ready');
  });

  it('passes preflight warnings through without making the application at risk', () => {
    expect(
      applicationVerdict({ ...healthy, preflightWarnings: ['VM size Standard_F4s maps to Standard_F4'] }),
    ).toEqual({
      verdict: 'ready',
      reasons: [],
      warnings: ['VM size Standard_F4s maps to Standard_F4'],
    });
  });
});

describe('applicationVerdict: at risk', () => {
  it('says by how much the lag exceeds the RPO', () => {
    expect(applicationVerdict({ ...healthy, currentLagSeconds: 412 }).reasons).toEqual([
      'lag 412 s exceeds RPO 300 s',
    ]);
  });

  it('rounds a fractional lag up so the message never reads as equal', () => {
    expect(applicationVerdict({ ...healthy, currentLagSeconds: 300.2 }).reasons).toEqual([
      'lag 301 s exceeds RPO 300 s',
    ]);
  });

  it('treats an unknown lag as a risk', () => {
    expect(applicationVerdict({ ...healthy, currentLagSeconds: null })).toMatchObject({
      verdict: 'at-risk',
      reasons: ['lag unknown'],
    });
  });

  it('treats never drilled as a risk', () => {
    expect(applicationVerdict({ ...healthy, lastDrill: null }).reasons).toEqual(['never drilled']);
  });

  it('reports a drill that missed the RTO', () => {
    const lastDrill = { ...healthy.lastDrill!, achievedRtoSeconds: 900 };
    expect(applicationVerdict({ ...healthy, lastDrill }).reasons).toEqual([
      'last drill RTO 900 s exceeds RTO 600 s',
    ]);
  });

  it('reports a drill that never became healthy', () => {
    const lastDrill = { ...healthy.lastDrill!, achievedRtoSeconds: null };
    expect(applicationVerdict({ ...healthy, lastDrill }).reasons).toEqual([
      'last drill did not reach a healthy state',
    ]);
  });

  it('reports an incomplete drill cleanup', () => {
    const lastDrill = { ...healthy.lastDrill!, cleanupCompleted: false };
    expect(applicationVerdict({ ...healthy, lastDrill }).reasons).toEqual(['last drill cleanup incomplete']);
  });

  it('reports preflight errors', () => {
    expect(
      applicationVerdict({ ...healthy, preflightErrors: ['quota for Standard_D4 exceeded at west'] }).reasons,
    ).toEqual(['preflight: quota for Standard_D4 exceeded at west']);
  });

  it('reports a drill older than the allowed age, only when now and the age are given', () => {
    const lastDrill = { ...healthy.lastDrill!, at: NOW - 120 * DAY * 1000 };
    expect(applicationVerdict({ ...healthy, lastDrill }).verdict).toBe('ready');
    expect(
      applicationVerdict({ ...healthy, lastDrill, nowMs: NOW, maxDrillAgeSeconds: 90 * DAY }).reasons,
    ).toEqual(['last drill 120d ago, older than 90d']);
    expect(
      applicationVerdict({ ...healthy, lastDrill, nowMs: NOW, maxDrillAgeSeconds: 120 * DAY }).verdict,
    ).toBe('ready');
  });

  it('lists all reasons in a stable order', () => {
    const result = applicationVerdict({
      ...healthy,
      currentLagSeconds: 412,
      lastDrill: { at: NOW, achievedRtoSeconds: 900, cleanupCompleted: false },
      preflightErrors: ['a', 'b'],
      preflightWarnings: ['w'],
    });
    expect(result).toEqual({
      verdict: 'at-risk',
      reasons: [
        'lag 412 s exceeds RPO 300 s',
        'last drill RTO 900 s exceeds RTO 600 s',
        'last drill cleanup incomplete',
        'preflight: a',
        'preflight: b',
      ],
      warnings: ['w'],
    });
  });
});

describe('applicationVerdict: invalid input', () => {
  it('rejects non-positive objectives and negative lags', () => {
    expect(() => applicationVerdict({ ...healthy, rpoSeconds: 0 })).toThrow(/rpoSeconds/);
    expect(() => applicationVerdict({ ...healthy, rtoSeconds: -1 })).toThrow(/rtoSeconds/);
    expect(() => applicationVerdict({ ...healthy, currentLagSeconds: -5 })).toThrow(/currentLagSeconds/);
    expect(() => applicationVerdict({ ...healthy, nowMs: NOW, maxDrillAgeSeconds: 0 })).toThrow(
      /maxDrillAgeSeconds/,
    );
  });

  it('does not modify the warnings list it was given', () => {
    const preflightWarnings = ['w'];
    const result = applicationVerdict({ ...healthy, preflightWarnings });
    result.warnings.push('x');
    expect(preflightWarnings).toEqual(['w']);
  });
});

describe('estimateSiteRtoSeconds', () => {
  it('schedules the plans in the given order with the in-flight limit', () => {
    const plans = [
      { lastAchievedRtoSeconds: 300 },
      { lastAchievedRtoSeconds: 200 },
      { lastAchievedRtoSeconds: 400 },
    ];
    expect(estimateSiteRtoSeconds(plans, 1)).toEqual({
      rtoSeconds: 900,
      neverDrilledCount: 0,
      neverDrilled: [],
    });
    // Two slots: 300 | 200 then 400 starting at 200 → 600.
    expect(estimateSiteRtoSeconds(plans, 2).rtoSeconds).toBe(600);
    expect(estimateSiteRtoSeconds(plans, Infinity).rtoSeconds).toBe(400);
  });

  it('is null and counts the plans never drilled', () => {
    const plans = [
      { name: 'identity', lastAchievedRtoSeconds: 120 },
      { name: 'shop', lastAchievedRtoSeconds: null },
      { lastAchievedRtoSeconds: null },
    ];
    expect(estimateSiteRtoSeconds(plans, 2)).toEqual({
      rtoSeconds: null,
      neverDrilledCount: 2,
      neverDrilled: ['shop'],
      reason: '2 of 3 plans never drilled',
    });
  });

  it('is 0 for a site without plans', () => {
    expect(estimateSiteRtoSeconds([], 2)).toEqual({ rtoSeconds: 0, neverDrilledCount: 0, neverDrilled: [] });
  });

  it('rejects invalid input', () => {
    expect(() => estimateSiteRtoSeconds([{ lastAchievedRtoSeconds: 1 }], 0)).toThrow(RangeError);
    expect(() => estimateSiteRtoSeconds([{ lastAchievedRtoSeconds: -1 }], 1)).toThrow(
      /lastAchievedRtoSeconds/,
    );
  });
});

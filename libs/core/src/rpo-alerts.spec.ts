import {
  activeAlertKinds,
  ALERT_KINDS,
  alertTransitions,
  evaluateRpoCondition,
  evaluateSourceFailing,
  RpoCondition,
} from './rpo-alerts';

const RPO = 300; // warning opens above 240, clears below 210; breach opens above 300, clears below 270

const evaluate = (lagSeconds: number | null, previous: RpoCondition, failing = false) =>
  evaluateRpoCondition({ lagSeconds, rpoSeconds: RPO, failing, previous });

describe('evaluateRpoCondition thresholds from ok', () => {
  it.each([
    [0, 'ok'],
    [239.9, 'ok'],
    [240, 'ok'], // exactly at the warning threshold is not above it
    [240.001, 'warning'],
    [299, 'warning'],
    [300, 'warning'], // lag exactly at the RPO meets the RPO
    [300.001, 'breach'],
    [100000, 'breach'],
  ])('lag %p → %p', (lag, expected) => {
    expect(evaluate(lag, 'ok')).toBe(expected);
  });
});

describe('evaluateRpoCondition hysteresis from warning', () => {
  it.each([
    [250, 'warning'],
    [240, 'warning'], // back at the threshold: still open
    [220, 'warning'], // below the threshold but inside the margin
    [210, 'warning'], // exactly at the clearing point: not below it
    [209.999, 'ok'],
    [0, 'ok'],
    [301, 'breach'],
    [300, 'warning'],
  ])('lag %p → %p', (lag, expected) => {
    expect(evaluate(lag, 'warning')).toBe(expected);
  });
});

describe('evaluateRpoCondition hysteresis from breach', () => {
  it.each([
    [400, 'breach'],
    [300, 'breach'],
    [280, 'breach'], // below the RPO but inside the margin
    [270, 'breach'], // exactly at the clearing point
    [269.999, 'warning'], // breach clears; still above the warning clearing point
    [210, 'warning'],
    [209.999, 'ok'], // both clear at once
    [0, 'ok'],
  ])('lag %p → %p', (lag, expected) => {
    expect(evaluate(lag, 'breach')).toBe(expected);
  });
});

describe('evaluateRpoCondition against flapping', () => {
  it('opens once and stays open while lag oscillates around the RPO', () => {
    const lags = [290, 305, 295, 302, 298, 301, 285, 299, 303];
    const conditions: RpoCondition[] = [];
    let condition: RpoCondition = 'ok';
    for (const lag of lags) {
      condition = evaluate(lag, condition);
      conditions.push(condition);
    }
    expect(conditions).toEqual([
      'warning',
      'breach',
      'breach',
      'breach',
      'breach',
      'breach',
      'breach',
      'breach',
      'breach',
    ]);
  });

  it('without hysteresis the same series would flap, which is what the margin prevents', () => {
    let condition: RpoCondition = 'ok';
    const conditions: RpoCondition[] = [];
    for (const lag of [305, 295, 305, 295]) {
      condition = evaluateRpoCondition({
        lagSeconds: lag,
        rpoSeconds: RPO,
        failing: false,
        previous: condition,
        hysteresisRatio: 0,
      });
      conditions.push(condition);
    }
    expect(conditions).toEqual(['breach', 'warning', 'breach', 'warning']);
  });
});

describe('evaluateRpoCondition custom ratios', () => {
  it('uses warningRatio and hysteresisRatio when given', () => {
    const input = { rpoSeconds: 100, failing: false, warningRatio: 0.5, hysteresisRatio: 0.2 };
    expect(evaluateRpoCondition({ ...input, lagSeconds: 50, previous: 'ok' })).toBe('ok');
    expect(evaluateRpoCondition({ ...input, lagSeconds: 51, previous: 'ok' })).toBe('warning');
    expect(evaluateRpoCondition({ ...input, lagSeconds: 31, previous: 'warning' })).toBe('warning');
    expect(evaluateRpoCondition({ ...input, lagSeconds: 29, previous: 'warning' })).toBe('ok');
    expect(evaluateRpoCondition({ ...input, lagSeconds: 81, previous: 'breach' })).toBe('breach');
    expect(evaluateRpoCondition({ ...input, lagSeconds: 79, previous: 'breach' })).toBe('warning');
  });

  it('with warningRatio 1 a warning and a breach open separately at the RPO', () => {
    const input = { rpoSeconds: 100, failing: false, warningRatio: 1 };
    expect(evaluateRpoCondition({ ...input, lagSeconds: 100, previous: 'ok' })).toBe('ok');
    expect(evaluateRpoCondition({ ...input, lagSeconds: 101, previous: 'ok' })).toBe('breach');
  });
});

describe('evaluateRpoCondition with unknown lag', () => {
  it.each<RpoCondition>(['ok', 'warning', 'breach'])(
    'keeps %p: unknown neither opens nor clears',
    (previous) => {
      expect(evaluate(null, previous)).toBe(previous);
      expect(evaluate(null, previous, true)).toBe(previous);
    },
  );
});

describe('evaluateRpoCondition while the source is failing', () => {
  it('still opens conditions from the growing extrapolated lag', () => {
    expect(evaluate(250, 'ok', true)).toBe('warning');
    expect(evaluate(400, 'warning', true)).toBe('breach');
  });

  it('never lowers the condition on an extrapolated lag', () => {
    expect(evaluate(10, 'breach', true)).toBe('breach');
    expect(evaluate(10, 'warning', true)).toBe('warning');
  });

  it('keeps ok when the extrapolated lag is still small', () => {
    expect(evaluate(10, 'ok', true)).toBe('ok');
  });
});

describe('evaluateRpoCondition input checks', () => {
  const base = { lagSeconds: 1, rpoSeconds: RPO, failing: false, previous: 'ok' as RpoCondition };

  it('rejects a non-positive RPO', () => {
    expect(() => evaluateRpoCondition({ ...base, rpoSeconds: 0 })).toThrow(/rpoSeconds/);
  });

  it('rejects warningRatio outside (0, 1]', () => {
    expect(() => evaluateRpoCondition({ ...base, warningRatio: 0 })).toThrow(/warningRatio/);
    expect(() => evaluateRpoCondition({ ...base, warningRatio: 1.01 })).toThrow(/at most 1/);
  });

  it('rejects a negative hysteresis, or one that would stop a warning from ever clearing', () => {
    expect(() => evaluateRpoCondition({ ...base, hysteresisRatio: -0.1 })).toThrow(/hysteresisRatio/);
    expect(() => evaluateRpoCondition({ ...base, hysteresisRatio: 0.8 })).toThrow(/less than warningRatio/);
  });

  it('rejects a non-finite lag and an unknown previous condition', () => {
    expect(() => evaluateRpoCondition({ ...base, lagSeconds: NaN })).toThrow(/lagSeconds/);
    expect(() => evaluateRpoCondition({ ...base, previous: 'critical' as RpoCondition })).toThrow(
      /unknown previous condition/,
    );
  });
});

describe('activeAlertKinds', () => {
  it('a breach keeps the warning open too', () => {
    expect(activeAlertKinds('breach')).toEqual(['rpo-warning', 'rpo-breach']);
  });

  it('lists warning alone and nothing for ok', () => {
    expect(activeAlertKinds('warning')).toEqual(['rpo-warning']);
    expect(activeAlertKinds('ok')).toEqual([]);
  });

  it('adds source and site alerts independently of the RPO condition', () => {
    expect(activeAlertKinds({ rpo: 'ok', sourceFailing: true })).toEqual(['lag-source-failing']);
    expect(activeAlertKinds({ rpo: 'breach', sourceFailing: true, siteUnreachable: true })).toEqual([
      ...ALERT_KINDS,
    ]);
  });
});

describe('alertTransitions between RPO conditions', () => {
  it.each<[RpoCondition, RpoCondition, string[], string[]]>([
    ['ok', 'ok', [], []],
    ['ok', 'warning', ['rpo-warning'], []],
    ['ok', 'breach', ['rpo-warning', 'rpo-breach'], []], // a jump straight to breach opens both
    ['warning', 'ok', [], ['rpo-warning']],
    ['warning', 'warning', [], []],
    ['warning', 'breach', ['rpo-breach'], []], // the warning is already open and stays open
    ['breach', 'ok', [], ['rpo-warning', 'rpo-breach']],
    ['breach', 'warning', [], ['rpo-breach']], // the warning stays open when the breach clears
    ['breach', 'breach', [], []],
  ])('%p → %p opens %p and resolves %p', (from, to, open, resolve) => {
    expect(alertTransitions(from, to)).toEqual({ open, resolve });
  });
});

describe('alertTransitions with source and site conditions', () => {
  it('opens lag-source-failing without touching RPO alerts', () => {
    expect(alertTransitions({ rpo: 'warning' }, { rpo: 'warning', sourceFailing: true })).toEqual({
      open: ['lag-source-failing'],
      resolve: [],
    });
  });

  it('resolves source and site alerts when they clear', () => {
    expect(
      alertTransitions(
        { rpo: 'ok', sourceFailing: true, siteUnreachable: true },
        { rpo: 'ok', sourceFailing: false, siteUnreachable: false },
      ),
    ).toEqual({ open: [], resolve: ['lag-source-failing', 'site-unreachable'] });
  });

  it('opens and resolves in one step when conditions swap', () => {
    expect(
      alertTransitions({ rpo: 'breach', siteUnreachable: true }, { rpo: 'ok', sourceFailing: true }),
    ).toEqual({ open: ['lag-source-failing'], resolve: ['rpo-warning', 'rpo-breach', 'site-unreachable'] });
  });

  it('accepts a bare condition on one side and the full set on the other', () => {
    expect(alertTransitions('ok', { rpo: 'breach', siteUnreachable: true })).toEqual({
      open: ['rpo-warning', 'rpo-breach', 'site-unreachable'],
      resolve: [],
    });
  });
});

describe('evaluateSourceFailing', () => {
  it.each([
    [0, false],
    [1, false], // one failed read is a blip
    [2, true],
    [50, true],
  ])('%p failures in a row with the default threshold → %p', (failures, expected) => {
    expect(evaluateSourceFailing(failures)).toBe(expected);
  });

  it('honours a custom threshold', () => {
    expect(evaluateSourceFailing(1, 1)).toBe(true);
    expect(evaluateSourceFailing(4, 5)).toBe(false);
    expect(evaluateSourceFailing(5, 5)).toBe(true);
  });

  it('rejects invalid counts and thresholds', () => {
    expect(() => evaluateSourceFailing(-1)).toThrow(RangeError);
    expect(() => evaluateSourceFailing(1.5)).toThrow(RangeError);
    expect(() => evaluateSourceFailing(NaN)).toThrow(RangeError);
    expect(() => evaluateSourceFailing(1, 0)).toThrow(/threshold/);
    expect(() => evaluateSourceFailing(1, 2.5)).toThrow(/threshold/);
  });
});

import { computeCompliance, ComplianceInput, LagSample } from './compliance';

// Times in these tests are written in seconds from T0 for readability.
const T0 = Date.UTC(2025, 5, 1);
const at = (seconds: number) => T0 + seconds * 1000;
const sample = (seconds: number, lagSeconds: number | null, stale?: boolean): LagSample =>
  stale === undefined ? { atMs: at(seconds), lagSeconds } : { atMs: at(seconds), lagSeconds, stale };
const every = (from: number, to: number, step: number, lag: number): LagSample[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => sample(from + i * step, lag));

const base = (overrides: Partial<ComplianceInput>): ComplianceInput => ({
  samples: [],
  rpoSeconds: 300,
  fromMs: at(0),
  toMs: at(3600),
  createdAtMs: at(-86400),
  ...overrides,
});

const EMPTY = {
  coveredSeconds: 0,
  withinSeconds: 0,
  compliance: null,
  worstLagSeconds: null,
  breaches: [],
  currentLagSeconds: null,
  unknownSeconds: 0,
  staleSeconds: 0,
  gapSeconds: 0,
};

describe('computeCompliance: steady replication', () => {
  it('is fully compliant when lag stays small, with worst lag at the end of a sampling interval', () => {
    const result = computeCompliance(base({ samples: every(0, 3600, 60, 10) }));
    expect(result).toEqual({
      coveredSeconds: 3600,
      withinSeconds: 3600,
      compliance: 1,
      worstLagSeconds: 70, // 10 s lag plus 60 s until the next observation
      breaches: [],
      currentLagSeconds: 10,
      unknownSeconds: 0,
      staleSeconds: 0,
      gapSeconds: 0,
    });
  });

  it('assumes the worst between samples: two 0-lag samples 200 s apart still breach a 100 s RPO', () => {
    const result = computeCompliance(
      base({ rpoSeconds: 100, samples: [sample(0, 0), sample(200, 0)], toMs: at(200) }),
    );
    expect(result.withinSeconds).toBe(100);
    expect(result.breaches).toEqual([{ startMs: at(100), endMs: at(200), durationSeconds: 100 }]);
    expect(result.worstLagSeconds).toBe(200);
  });

  it('counts a lag exactly at the RPO as within it', () => {
    const result = computeCompliance(base({ samples: [sample(0, 0), sample(300, 0)], toMs: at(300) }));
    expect(result.compliance).toBe(1);
    expect(result.breaches).toEqual([]);
    expect(result.worstLagSeconds).toBe(300);
  });

  it('lets a later sample at the same instant win', () => {
    const result = computeCompliance(base({ samples: [sample(0, 500), sample(0, 10)], toMs: at(60) }));
    expect(result.compliance).toBe(1);
  });
});

describe('computeCompliance: gaps while the controller was down', () => {
  const samples = [sample(0, 10), sample(60, 10), sample(1260, 10), sample(1320, 10)];

  it('lets lag grow through the gap, so downtime counts against compliance', () => {
    const result = computeCompliance(
      base({ samples, toMs: at(1380), gaps: [{ startMs: at(70), endMs: at(1250) }] }),
    );
    expect(result.coveredSeconds).toBe(1380);
    // 60 + 290 (until lag reaches 300 at t=350) + 60 + 60
    expect(result.withinSeconds).toBe(470);
    expect(result.compliance).toBeCloseTo(470 / 1380, 12);
    expect(result.breaches).toEqual([{ startMs: at(350), endMs: at(1260), durationSeconds: 910 }]);
    expect(result.worstLagSeconds).toBe(1210);
    expect(result.currentLagSeconds).toBe(70);
    expect(result.gapSeconds).toBe(1180);
  });

  it('gives the same compliance whether or not the gap is declared', () => {
    const withGap = computeCompliance(
      base({ samples, toMs: at(1380), gaps: [{ startMs: at(70), endMs: at(1250) }] }),
    );
    const without = computeCompliance(base({ samples, toMs: at(1380) }));
    expect(without).toEqual({ ...withGap, gapSeconds: 0 });
  });

  it('counts overlapping gaps once and only inside the covered range', () => {
    const result = computeCompliance(
      base({
        samples,
        toMs: at(1380),
        gaps: [
          { startMs: at(-500), endMs: at(100) },
          { startMs: at(50), endMs: at(200) },
          { startMs: at(1300), endMs: at(5000) },
        ],
      }),
    );
    expect(result.gapSeconds).toBe(200 + 80);
  });
});

describe('computeCompliance: pairs created mid-window', () => {
  it('counts only from creation, ignoring samples from before it', () => {
    const samples = [sample(1000, null), ...every(1800, 3540, 60, 10)];
    const result = computeCompliance(base({ samples, createdAtMs: at(1800) }));
    expect(result.coveredSeconds).toBe(1800);
    expect(result.withinSeconds).toBe(1800);
    expect(result.compliance).toBe(1);
    expect(result.unknownSeconds).toBe(0);
    expect(result.breaches).toEqual([]);
  });

  it('starts coverage at the first sample when the first sample comes after creation', () => {
    const result = computeCompliance(base({ samples: every(1920, 3540, 60, 10), createdAtMs: at(1800) }));
    expect(result.coveredSeconds).toBe(1680);
    expect(result.compliance).toBe(1);
  });

  it('is empty when the pair was created after the window', () => {
    expect(computeCompliance(base({ samples: every(0, 3600, 60, 10), createdAtMs: at(3600) }))).toEqual(
      EMPTY,
    );
  });
});

describe('computeCompliance: breaches at the window edges', () => {
  it('clips a breach that began before the window and marks it', () => {
    const result = computeCompliance(base({ samples: [sample(-600, 500), sample(120, 5)], toMs: at(600) }));
    expect(result.breaches).toEqual([
      { startMs: at(0), endMs: at(120), durationSeconds: 120, startedBeforeWindow: true },
      { startMs: at(415), endMs: null, durationSeconds: 185 },
    ]);
    expect(result.coveredSeconds).toBe(600);
    expect(result.withinSeconds).toBe(295);
    expect(result.worstLagSeconds).toBe(1220);
    expect(result.currentLagSeconds).toBe(485);
  });

  it('does not mark a breach that starts exactly with the first sample in the window', () => {
    const result = computeCompliance(base({ samples: [sample(0, 400), sample(600, 5)], toMs: at(600) }));
    expect(result.breaches).toEqual([{ startMs: at(0), endMs: at(600), durationSeconds: 600 }]);
    expect(result.compliance).toBe(0);
  });

  it('closes a breach at the window end when the sample at the end is back within RPO', () => {
    const result = computeCompliance(base({ samples: [sample(0, 400), sample(600, 5)], toMs: at(600) }));
    expect(result.breaches[0].endMs).toBe(at(600));
    expect(result.currentLagSeconds).toBe(5);
  });

  it('does not mark a breach that begins inside the window after an earlier in-RPO sample', () => {
    const result = computeCompliance(base({ samples: [sample(-100, 0), sample(600, 0)], toMs: at(600) }));
    expect(result.breaches).toEqual([{ startMs: at(200), endMs: at(600), durationSeconds: 400 }]);
  });
});

describe('computeCompliance: ongoing breach', () => {
  it('stops coverage at now and leaves the breach open', () => {
    const result = computeCompliance(base({ samples: [sample(0, 10), sample(60, 10)], nowMs: at(900) }));
    expect(result.coveredSeconds).toBe(900);
    expect(result.withinSeconds).toBe(350);
    expect(result.breaches).toEqual([{ startMs: at(350), endMs: null, durationSeconds: 550 }]);
    expect(result.currentLagSeconds).toBe(850);
  });

  it('merges a breach that continues across several samples into one', () => {
    const result = computeCompliance(
      base({ samples: [sample(0, 400), sample(60, 460), sample(120, 520)], toMs: at(180) }),
    );
    expect(result.breaches).toEqual([{ startMs: at(0), endMs: null, durationSeconds: 180 }]);
    expect(result.currentLagSeconds).toBe(580);
  });

  it('ignores nowMs after the window end', () => {
    const result = computeCompliance(base({ samples: every(0, 3600, 60, 10), nowMs: at(99999) }));
    expect(result.coveredSeconds).toBe(3600);
  });
});

describe('computeCompliance: unknown lag', () => {
  it('counts a never-observed (null) sample as out of RPO until the next sample', () => {
    const result = computeCompliance(base({ samples: [sample(0, null), sample(120, 10)], toMs: at(240) }));
    expect(result).toEqual({
      coveredSeconds: 240,
      withinSeconds: 120,
      compliance: 0.5,
      worstLagSeconds: 130,
      breaches: [{ startMs: at(0), endMs: at(120), durationSeconds: 120 }],
      currentLagSeconds: 130,
      unknownSeconds: 120,
      staleSeconds: 0,
      gapSeconds: 0,
    });
  });

  it('keeps a breach open when the lag at the end is unknown', () => {
    const result = computeCompliance(base({ samples: [sample(0, 10), sample(120, null)], toMs: at(240) }));
    expect(result.breaches).toEqual([{ startMs: at(120), endMs: null, durationSeconds: 120 }]);
    expect(result.currentLagSeconds).toBeNull();
  });

  it('has no worst lag when every lag was unknown', () => {
    const result = computeCompliance(base({ samples: [sample(0, null)], toMs: at(60) }));
    expect(result.worstLagSeconds).toBeNull();
    expect(result.compliance).toBe(0);
  });

  it('reports time covered by stale samples, which follow the same growing line', () => {
    const result = computeCompliance(
      base({ samples: [sample(0, 10), sample(60, 70, true), sample(120, 130, true)], toMs: at(180) }),
    );
    expect(result.staleSeconds).toBe(120);
    expect(result.compliance).toBe(1);
    expect(result.worstLagSeconds).toBe(190);
  });
});

describe('computeCompliance: empty windows', () => {
  it('is empty for a zero-length window', () => {
    expect(computeCompliance(base({ samples: every(0, 3600, 60, 10), toMs: at(0) }))).toEqual(EMPTY);
  });

  it('is empty without samples', () => {
    expect(computeCompliance(base({}))).toEqual(EMPTY);
  });

  it('is empty when every sample is after the window', () => {
    expect(computeCompliance(base({ samples: [sample(4000, 10)] }))).toEqual(EMPTY);
  });

  it('is empty when now is before the window', () => {
    expect(computeCompliance(base({ samples: [sample(-10, 10)], nowMs: at(-5) }))).toEqual(EMPTY);
  });
});

describe('computeCompliance: invalid input', () => {
  it('rejects unsorted samples', () => {
    expect(() => computeCompliance(base({ samples: [sample(60, 1), sample(0, 1)] }))).toThrow(/sorted/);
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => computeCompliance(base({ toMs: at(-1) }))).toThrow(/window starts after it ends/);
  });

  it('rejects negative and non-finite lags and times', () => {
    expect(() => computeCompliance(base({ samples: [sample(0, -1)] }))).toThrow(/samples\[0\]\.lagSeconds/);
    expect(() => computeCompliance(base({ samples: [{ atMs: NaN, lagSeconds: 1 }] }))).toThrow(/atMs/);
    expect(() => computeCompliance(base({ fromMs: NaN }))).toThrow(/fromMs/);
    expect(() => computeCompliance(base({ createdAtMs: Infinity }))).toThrow(/createdAtMs/);
    expect(() => computeCompliance(base({ nowMs: NaN }))).toThrow(/nowMs/);
  });

  it('rejects a non-positive RPO', () => {
    expect(() => computeCompliance(base({ rpoSeconds: 0 }))).toThrow(/rpoSeconds/);
  });

  it('rejects a gap that ends before it starts', () => {
    expect(() => computeCompliance(base({ gaps: [{ startMs: at(10), endMs: at(5) }] }))).toThrow(/gaps\[0\]/);
  });
});

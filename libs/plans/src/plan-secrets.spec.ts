import { openStep, sealPlanSecrets, stepView, StoredPlanGroup } from './plan-secrets';

const seal = (s: string) => `sealed(${s})`;
const open = (s: string) => s.replace(/^sealed\((.*)\)$/, '$1');
const hook = (url: string, extra: Record<string, unknown> = {}) => ({
  kind: 'webhook',
  url,
  timeoutSeconds: 30,
  retries: 2,
  ...extra,
});

describe('sealPlanSecrets', () => {
  it('seals every step secret and keeps other steps as they are', () => {
    const { groups, violations } = sealPlanSecrets(
      [
        {
          name: 'g',
          pairIds: ['p1'],
          before: [hook('https://a/1', { secret: 'hook-secret-0123456789' }), { kind: 'wait', seconds: 5 }],
          after: [],
        },
      ],
      seal,
    );
    expect(violations).toEqual([]);
    expect(groups[0].before).toEqual([
      hook('https://a/1', { secretSealed: 'sealed(hook-secret-0123456789)' }),
      { kind: 'wait', seconds: 5 },
    ]);
    expect(JSON.stringify(groups)).not.toContain('"secret"');
  });

  it('keeps a stored secret for the same step when an update leaves it out, even after reordering', () => {
    const previous: StoredPlanGroup[] = [
      {
        name: 'g',
        pairIds: ['p1'],
        before: [hook('https://a/1', { secretSealed: 'S1' }), hook('https://a/2', { secretSealed: 'S2' })],
        after: [],
      },
    ];
    const { groups } = sealPlanSecrets(
      [
        {
          name: 'g',
          pairIds: ['p1'],
          before: [hook('https://a/2'), hook('https://a/1', { secretSet: true })],
        },
      ],
      seal,
      previous,
    );
    expect(groups[0].before.map((s) => s.secretSealed)).toEqual(['S2', 'S1']);
    expect(groups[0].before[1]).not.toHaveProperty('secretSet');
  });

  it('drops a stored secret on secretSet: false and replaces it when a new one is sent', () => {
    const previous: StoredPlanGroup[] = [
      { name: 'g', pairIds: ['p1'], before: [hook('https://a/1', { secretSealed: 'S1' })], after: [] },
    ];
    expect(
      sealPlanSecrets(
        [{ name: 'g', pairIds: ['p1'], before: [hook('https://a/1', { secretSet: false })] }],
        seal,
        previous,
      ).groups[0].before[0],
    ).not.toHaveProperty('secretSealed');
    expect(
      sealPlanSecrets(
        [{ name: 'g', pairIds: ['p1'], before: [hook('https://a/1', { secret: 'new-secret-0123456789' })] }],
        seal,
        previous,
      ).groups[0].before[0].secretSealed,
    ).toBe('sealed(new-secret-0123456789)');
  });

  it('does not carry a secret over to a step with another URL, and says so when asked to keep one', () => {
    const previous: StoredPlanGroup[] = [
      { name: 'g', pairIds: ['p1'], before: [hook('https://a/1', { secretSealed: 'S1' })], after: [] },
    ];
    const { groups, violations } = sealPlanSecrets(
      [{ name: 'g', pairIds: ['p1'], before: [hook('https://b/1', { secretSet: true })] }],
      seal,
      previous,
    );
    expect(groups[0].before[0]).not.toHaveProperty('secretSealed');
    expect(violations).toEqual([
      expect.objectContaining({ field: 'groups[0].before[0].secretSet', rule: 'no-stored-secret' }),
    ]);
  });
});

describe('stepView and openStep', () => {
  it('shows whether a secret is set, never the sealed value; opens it for the engine only', () => {
    const stored = hook('https://a/1', { secretSealed: 'sealed(abc)' });
    expect(stepView(stored)).toEqual(hook('https://a/1', { secretSet: true }));
    expect(stepView(hook('https://a/1'))).toEqual(hook('https://a/1', { secretSet: false }));
    expect(stepView({ kind: 'wait', seconds: 1 })).toEqual({ kind: 'wait', seconds: 1 });
    expect(openStep(stored, open)).toEqual(hook('https://a/1', { secret: 'abc' }));
  });
});

import { referencedPairIds, stepContractViolations, withStepDefaults } from './plan-steps';

describe('withStepDefaults', () => {
  it('fills the optional timeouts and retries a client left out, and nothing else', () => {
    expect(withStepDefaults({ kind: 'webhook', url: 'https://hooks.contoso.local/dr' })).toEqual({
      kind: 'webhook',
      url: 'https://hooks.contoso.local/dr',
      timeoutSeconds: 30,
      retries: 2,
    });
    expect(
      withStepDefaults({ kind: 'webhook', url: 'https://h/x', timeoutSeconds: 5, retries: 0 }),
    ).toMatchObject({ timeoutSeconds: 5, retries: 0 });
    expect(
      withStepDefaults({ kind: 'health-check', protocol: 'tcp', target: 'db', port: 5432 }),
    ).toMatchObject({ timeoutSeconds: 300 });
    expect(withStepDefaults({ kind: 'wait', seconds: 10 })).toEqual({ kind: 'wait', seconds: 10 });
  });

  it('leaves a wrong type for validation to report rather than replacing it', () => {
    expect(withStepDefaults({ kind: 'webhook', url: 'https://h/x', timeoutSeconds: 'soon' })).toMatchObject({
      timeoutSeconds: 'soon',
    });
    expect(withStepDefaults('wait')).toBe('wait');
    expect(withStepDefaults({ kind: 'teleport' })).toEqual({ kind: 'teleport' });
  });
});

describe('stepContractViolations', () => {
  it('names unknown fields by their full path', () => {
    expect(stepContractViolations({ kind: 'wait', seconds: 5, colour: 'red' }, 'groups[1].after[0]')).toEqual(
      [expect.objectContaining({ field: 'groups[1].after[0].colour', rule: 'unknown-field' })],
    );
  });

  it('accepts secretSet (read back from the API) on steps that have secrets only', () => {
    expect(stepContractViolations({ kind: 'webhook', url: 'https://h/x', secretSet: true }, 's')).toEqual([]);
    expect(stepContractViolations({ kind: 'wait', seconds: 1, secretSet: true }, 's')).toEqual([
      expect.objectContaining({ field: 's.secretSet', rule: 'unknown-field' }),
    ]);
    expect(stepContractViolations({ kind: 'webhook', url: 'https://h/x', secretSet: 'yes' }, 's')).toEqual([
      expect.objectContaining({ field: 's.secretSet', rule: 'invalid-type' }),
    ]);
  });

  it('holds a dns-update secret to the same length rule as a webhook secret', () => {
    const step = {
      kind: 'dns-update',
      provider: 'webhook',
      url: 'https://dns/x',
      recordName: 'app.contoso.local',
    };
    expect(stepContractViolations({ ...step, secret: 'short' }, 's')).toEqual([
      expect.objectContaining({ field: 's.secret', rule: 'out-of-range' }),
    ]);
    expect(stepContractViolations({ ...step, secret: 'a-long-enough-secret-value' }, 's')).toEqual([]);
  });

  it('leaves unknown kinds and non-objects to core validation', () => {
    expect(stepContractViolations({ kind: 'teleport', x: 1 }, 's')).toEqual([]);
    expect(stepContractViolations(null, 's')).toEqual([]);
  });
});

describe('referencedPairIds', () => {
  it('collects group members and the pairs steps point at, once each', () => {
    expect(
      referencedPairIds([
        {
          pairIds: ['p1', 'p2'],
          before: [{ kind: 'database-promote', pairId: 'p3' }],
          after: [{ kind: 'health-check', target: 'pair:p1' }],
        },
        { pairIds: ['p4', 42], after: [{ kind: 'health-check', target: 'db.contoso.local' }] },
      ]),
    ).toEqual(['p1', 'p2', 'p3', 'p4']);
  });
});

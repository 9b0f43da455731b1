import { healthCheckPairId, isHostOrAddress, PLAN_STEP_KINDS, validateStep } from './plan-steps';

const P = 'groups[0].before[0]';
const rules = (step: unknown) => validateStep(step, P).map((v) => `${v.field}:${v.rule}`);

const valid = {
  'manual-approval': { kind: 'manual-approval', message: 'Check the DB' },
  webhook: {
    kind: 'webhook',
    url: 'https://hooks.example.com/x',
    timeoutSeconds: 30,
    retries: 2,
    secret: 'a'.repeat(16),
  },
  'database-promote': { kind: 'database-promote', pairId: 'pair-1' },
  'dns-update': {
    kind: 'dns-update',
    provider: 'webhook',
    url: 'http://dns.internal/update',
    recordName: 'app.contoso.com',
  },
  'health-check': {
    kind: 'health-check',
    protocol: 'http',
    target: 'pair:pair-1',
    port: 443,
    path: '/healthz',
    timeoutSeconds: 60,
  },
  wait: { kind: 'wait', seconds: 30 },
};

describe('validateStep: valid steps', () => {
  it.each(Object.entries(valid))('accepts a valid %s step', (_kind, step) => {
    expect(validateStep(step, P)).toEqual([]);
  });

  it('covers every step kind', () => {
    expect(Object.keys(valid).sort()).toEqual([...PLAN_STEP_KINDS].sort());
  });

  it('accepts optional fields left out', () => {
    expect(rules({ kind: 'manual-approval' })).toEqual([]);
    expect(rules({ ...valid.webhook, secret: undefined })).toEqual([]);
    expect(rules({ ...valid['health-check'], path: undefined })).toEqual([]);
    expect(rules({ ...valid['dns-update'], ttlSeconds: 300 })).toEqual([]);
  });

  it('accepts a tcp check on a host name or an IP address', () => {
    for (const target of ['db.contoso.local', '10.0.0.4', 'fd00::4', 'localhost']) {
      expect(
        rules({ kind: 'health-check', protocol: 'tcp', target, port: 5432, timeoutSeconds: 10 }),
      ).toEqual([]);
    }
  });
});

describe('validateStep: shape', () => {
  it.each([null, 'wait', 42, [], undefined])('rejects %p as not an object', (step) => {
    expect(validateStep(step, P)).toEqual([
      { field: P, rule: 'invalid-type', message: 'a step must be an object' },
    ]);
  });

  it('rejects a missing kind', () => {
    const [v] = validateStep({}, P);
    expect(v).toEqual({
      field: `${P}.kind`,
      rule: 'unknown-step-kind',
      message:
        'kind must be one of manual-approval, webhook, database-promote, dns-update, health-check, wait',
    });
  });

  it('rejects an unknown kind and names it', () => {
    expect(validateStep({ kind: 'script' }, P)[0].message).toMatch(/got "script"$/);
  });
});

describe('validateStep: webhook', () => {
  it.each([
    [{ url: undefined }, 'url:required'],
    [{ url: '' }, 'url:required'],
    [{ url: 'hooks.example.com/x' }, 'url:invalid-url'],
    [{ url: 'ftp://hooks.example.com/x' }, 'url:invalid-url'],
    [{ url: 'https://user:pw@hooks.example.com/x' }, 'url:invalid-url'],
    [{ timeoutSeconds: undefined }, 'timeoutSeconds:required'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds:out-of-range'],
    [{ timeoutSeconds: 3601 }, 'timeoutSeconds:out-of-range'],
    [{ timeoutSeconds: 1.5 }, 'timeoutSeconds:invalid-type'],
    [{ timeoutSeconds: '30' }, 'timeoutSeconds:invalid-type'],
    [{ retries: -1 }, 'retries:out-of-range'],
    [{ retries: 11 }, 'retries:out-of-range'],
    [{ retries: undefined }, 'retries:required'],
    [{ secret: 'short' }, 'secret:out-of-range'],
    [{ secret: 1234567890123456 }, 'secret:invalid-type'],
  ])('%p → %s', (change, expected) => {
    expect(rules({ ...valid.webhook, ...change })).toEqual([`${P}.${expected}`]);
  });

  it('accepts the range boundaries', () => {
    expect(rules({ ...valid.webhook, timeoutSeconds: 1, retries: 0 })).toEqual([]);
    expect(rules({ ...valid.webhook, timeoutSeconds: 3600, retries: 10 })).toEqual([]);
  });

  it('reports every broken field at once', () => {
    expect(rules({ kind: 'webhook' })).toEqual([
      `${P}.url:required`,
      `${P}.timeoutSeconds:required`,
      `${P}.retries:required`,
    ]);
  });

  it('explains a wrong scheme', () => {
    expect(validateStep({ ...valid.webhook, url: 'ftp://x/y' }, P)[0].message).toBe(
      'url must use http or https, got ftp',
    );
  });
});

describe('validateStep: database-promote', () => {
  it.each([undefined, '', '  ', 7])('rejects pairId %p', (pairId) => {
    expect(rules({ kind: 'database-promote', pairId })).toEqual([`${P}.pairId:required`]);
  });
});

describe('validateStep: dns-update', () => {
  it.each([
    [{ provider: 'route53' }, 'provider:invalid-value'],
    [{ provider: undefined }, 'provider:required'],
    [{ url: 'not a url' }, 'url:invalid-url'],
    [{ recordName: '' }, 'recordName:required'],
    [{ recordName: 'bad name.com' }, 'recordName:invalid-value'],
    [{ recordName: '-app.contoso.com' }, 'recordName:invalid-value'],
    [{ recordName: 'app..contoso.com' }, 'recordName:invalid-value'],
    [{ recordName: `${'a'.repeat(64)}.com` }, 'recordName:invalid-value'],
    [{ recordName: 'app.*.com' }, 'recordName:invalid-value'],
    [{ ttlSeconds: 0 }, 'ttlSeconds:out-of-range'],
  ])('%p → %s', (change, expected) => {
    expect(rules({ ...valid['dns-update'], ...change })).toEqual([`${P}.${expected}`]);
  });

  it.each(['app.contoso.com.', '_sip._tcp.contoso.com', '*.contoso.com', 'single', `${'a'.repeat(63)}.com`])(
    'accepts record name %p',
    (recordName) => {
      expect(rules({ ...valid['dns-update'], recordName })).toEqual([]);
    },
  );
});

describe('validateStep: health-check', () => {
  it.each([
    [{ protocol: 'icmp' }, 'protocol:invalid-value'],
    [{ protocol: undefined }, 'protocol:required'],
    [{ target: undefined }, 'target:required'],
    [{ target: 'pair:' }, 'target:invalid-value'],
    [{ target: 'not a host' }, 'target:invalid-value'],
    [{ target: '999.1.1.1' }, 'target:invalid-value'],
    [{ target: 'host_name' }, 'target:invalid-value'],
    [{ target: 'fd00::zz' }, 'target:invalid-value'],
    [{ port: 0 }, 'port:out-of-range'],
    [{ port: 65536 }, 'port:out-of-range'],
    [{ port: undefined }, 'port:required'],
    [{ path: 'healthz' }, 'path:invalid-value'],
    [{ path: 5 }, 'path:invalid-value'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds:out-of-range'],
  ])('%p → %s', (change, expected) => {
    expect(rules({ ...valid['health-check'], ...change })).toEqual([`${P}.${expected}`]);
  });

  it('rejects a path on a tcp check', () => {
    expect(validateStep({ ...valid['health-check'], protocol: 'tcp' }, P)).toEqual([
      { field: `${P}.path`, rule: 'invalid-value', message: 'path applies to http health checks only' },
    ]);
  });

  it('accepts port boundaries', () => {
    expect(rules({ ...valid['health-check'], port: 1 })).toEqual([]);
    expect(rules({ ...valid['health-check'], port: 65535 })).toEqual([]);
  });
});

describe('validateStep: wait and manual-approval', () => {
  it.each([
    [0, 'out-of-range'],
    [86401, 'out-of-range'],
    [2.5, 'invalid-type'],
    [undefined, 'required'],
  ])('wait seconds %p → %s', (seconds, rule) => {
    expect(rules({ kind: 'wait', seconds })).toEqual([`${P}.seconds:${rule}`]);
  });

  it('accepts wait boundaries', () => {
    expect(rules({ kind: 'wait', seconds: 1 })).toEqual([]);
    expect(rules({ kind: 'wait', seconds: 86400 })).toEqual([]);
  });

  it('rejects a non-string or over-long approval message', () => {
    expect(rules({ kind: 'manual-approval', message: 5 })).toEqual([`${P}.message:invalid-type`]);
    expect(rules({ kind: 'manual-approval', message: 'x'.repeat(2001) })).toEqual([
      `${P}.message:out-of-range`,
    ]);
    expect(rules({ kind: 'manual-approval', message: 'x'.repeat(2000) })).toEqual([]);
  });
});

describe('healthCheckPairId and isHostOrAddress', () => {
  it('extracts the pair id of a pair: target', () => {
    expect(healthCheckPairId('pair:abc')).toBe('abc');
    expect(healthCheckPairId('abc')).toBeNull();
  });

  it.each([
    ['10.0.0.1', true],
    ['255.255.255.255', true],
    ['256.0.0.1', false],
    ['1.2.3', false],
    ['::1', true],
    ['web-1.contoso.local', true],
    ['web-1.contoso.local.', true],
    ['-web', false],
    ['', false],
    ['a'.repeat(64), false],
  ])('%p → %p', (value, expected) => {
    expect(isHostOrAddress(value)).toBe(expected);
  });
});

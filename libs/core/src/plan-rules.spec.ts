import { PairSites, PlanDefinition, PlanGroup, validatePlan } from './plan-rules';

const pairs = new Map<string, PairSites>([
  ['web-1', { sourceSiteId: 'east', targetSiteId: 'west' }],
  ['web-2', { sourceSiteId: 'east', targetSiteId: 'west' }],
  ['db-1', { sourceSiteId: 'east', targetSiteId: 'west' }],
  ['loop', { sourceSiteId: 'east', targetSiteId: 'east' }],
  ['back', { sourceSiteId: 'west', targetSiteId: 'east' }],
]);

const group = (name: string, pairIds: string[], extra: Partial<PlanGroup> = {}): PlanGroup => ({
  name,
  pairIds,
  before: [],
  after: [],
  ...extra,
});

const check = (groups: PlanGroup[]) => validatePlan({ groups }, pairs);
const summary = (groups: unknown) =>
  validatePlan({ groups } as PlanDefinition, pairs).map((v) => `${v.field}:${v.rule}`);

describe('validatePlan', () => {
  it('accepts a valid plan with steps', () => {
    expect(
      check([
        group('database', ['db-1'], {
          after: [{ kind: 'database-promote', pairId: 'db-1' }],
        }),
        group('web', ['web-1', 'web-2'], {
          before: [{ kind: 'manual-approval' }],
          after: [
            { kind: 'health-check', protocol: 'http', target: 'pair:web-1', port: 80, timeoutSeconds: 30 },
          ],
        }),
      ]),
    ).toEqual([]);
  });

  it('requires at least one group', () => {
    expect(check([])).toEqual([
      { field: 'groups', rule: 'non-empty-plan', message: 'a plan needs at least one group' },
    ]);
  });

  it('requires groups to be a list', () => {
    expect(summary(undefined)).toEqual(['groups:invalid-type']);
    expect(summary({})).toEqual(['groups:invalid-type']);
    expect(validatePlan(null as unknown as PlanDefinition, pairs)).toEqual([
      { field: 'groups', rule: 'invalid-type', message: 'groups must be a list' },
    ]);
  });

  it('rejects a group that is not an object and keeps checking the others', () => {
    expect(summary(['x', group('web', [])])).toEqual([
      'groups[0]:invalid-type',
      'groups[1].pairIds:non-empty-group',
    ]);
  });

  it('requires a non-empty group name', () => {
    expect(summary([group('  ', ['web-1'])])).toEqual(['groups[0].name:required']);
    expect(summary([{ pairIds: ['web-1'] }])).toEqual(['groups[0].name:required']);
  });

  it('rejects duplicate group names, ignoring case and surrounding spaces, and points at the first', () => {
    const violations = check([group('Web', ['web-1']), group('db', ['db-1']), group(' web ', ['web-2'])]);
    expect(violations).toEqual([
      {
        field: 'groups[2].name',
        rule: 'unique-group-name',
        message: 'group name " web " is already used by groups[0].name',
      },
    ]);
  });

  it('rejects an empty group', () => {
    expect(check([group('web', [])])).toEqual([
      { field: 'groups[0].pairIds', rule: 'non-empty-group', message: 'a group needs at least one pair' },
    ]);
  });

  it('requires pairIds to be a list of non-empty strings', () => {
    expect(summary([{ name: 'web', pairIds: 'web-1' }])).toEqual(['groups[0].pairIds:invalid-type']);
    expect(summary([{ name: 'web', pairIds: ['web-1', '', 3] }])).toEqual([
      'groups[0].pairIds[1]:invalid-type',
      'groups[0].pairIds[2]:invalid-type',
    ]);
  });

  it('rejects a pair listed twice in one group', () => {
    expect(check([group('web', ['web-1', 'web-1'])])).toEqual([
      {
        field: 'groups[0].pairIds[1]',
        rule: 'unique-pair',
        message: 'pair web-1 is already in the plan at groups[0].pairIds[0]',
      },
    ]);
  });

  it('rejects a pair listed in two groups, naming the field of the second', () => {
    expect(summary([group('a', ['web-2']), group('b', ['db-1', 'web-2'])])).toEqual([
      'groups[1].pairIds[1]:unique-pair',
    ]);
  });

  it('rejects unknown pairs', () => {
    expect(check([group('web', ['web-1', 'ghost'])])).toEqual([
      { field: 'groups[0].pairIds[1]', rule: 'unknown-pair', message: 'pair ghost does not exist' },
    ]);
  });

  it('rejects a pair whose source and target are the same site', () => {
    expect(check([group('web', ['loop'])])).toEqual([
      {
        field: 'groups[0].pairIds[0]',
        rule: 'same-site-pair',
        message: 'pair loop has source and target at the same site',
      },
    ]);
  });

  it('rejects pairs replicating in the other direction than the first pair', () => {
    expect(check([group('web', ['web-1']), group('other', ['back'])])).toEqual([
      {
        field: 'groups[1].pairIds[0]',
        rule: 'mixed-direction',
        message: 'pair back replicates west → east, but pair web-1 replicates east → west',
      },
    ]);
  });

  it('takes the plan direction from the first valid pair, not from a same-site one', () => {
    expect(summary([group('a', ['loop', 'back', 'web-1'])])).toEqual([
      'groups[0].pairIds[0]:same-site-pair',
      'groups[0].pairIds[2]:mixed-direction',
    ]);
  });

  it('validates steps with their full field path', () => {
    expect(
      summary([
        group('web', ['web-1'], {
          before: [
            { kind: 'wait', seconds: 10 },
            { kind: 'wait', seconds: 0 },
          ],
          after: [{ kind: 'webhook', url: 'ftp://x', timeoutSeconds: 5, retries: 0 }],
        }),
      ]),
    ).toEqual(['groups[0].before[1].seconds:out-of-range', 'groups[0].after[0].url:invalid-url']);
  });

  it('rejects steps that name unknown pairs', () => {
    expect(
      check([
        group('web', ['web-1'], {
          before: [{ kind: 'database-promote', pairId: 'ghost-db' }],
          after: [
            { kind: 'health-check', protocol: 'tcp', target: 'pair:ghost-vm', port: 22, timeoutSeconds: 5 },
          ],
        }),
      ]),
    ).toEqual([
      { field: 'groups[0].before[0].pairId', rule: 'unknown-pair', message: 'pair ghost-db does not exist' },
      { field: 'groups[0].after[0].target', rule: 'unknown-pair', message: 'pair ghost-vm does not exist' },
    ]);
  });

  it('accepts a host-name health check target without looking it up as a pair', () => {
    expect(
      check([
        group('web', ['web-1'], {
          after: [{ kind: 'health-check', protocol: 'tcp', target: 'ghost-vm', port: 22, timeoutSeconds: 5 }],
        }),
      ]),
    ).toEqual([]);
  });

  it('treats omitted before/after as no steps but rejects non-lists', () => {
    expect(summary([{ name: 'web', pairIds: ['web-1'] }])).toEqual([]);
    expect(summary([{ name: 'web', pairIds: ['web-1'], before: {}, after: 'x' }])).toEqual([
      'groups[0].before:invalid-type',
      'groups[0].after:invalid-type',
    ]);
  });

  it('reports every violation of a bad plan at once', () => {
    expect(summary([group('a', []), group('A', ['ghost', 'loop']), group('b', ['ghost'])])).toEqual([
      'groups[0].pairIds:non-empty-group',
      'groups[1].name:unique-group-name',
      'groups[1].pairIds[0]:unknown-pair',
      'groups[1].pairIds[1]:same-site-pair',
      'groups[2].pairIds[0]:unique-pair',
    ]);
  });
});

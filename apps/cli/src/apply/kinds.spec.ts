import { fileFieldPath, mapRefs, refsOf, toApiFields, toFileFields } from './kinds';

describe('estate file ↔ API vocabulary', () => {
  it("renames a pair's fields both ways: target site vs the replica's target object", () => {
    const file = {
      name: 'p',
      application: 'payments',
      source: 'a',
      target: 'b',
      replica: { resourceGroup: 'rg' },
    };
    const api = toApiFields('pair', file);
    expect(api).toEqual({
      name: 'p',
      applicationId: 'payments',
      sourceSiteId: 'a',
      targetSiteId: 'b',
      target: { resourceGroup: 'rg' },
    });
    expect(toFileFields('pair', api)).toEqual(file);
  });

  it('finds every reference of a plan: group members, promoted databases and health-checked pairs', () => {
    const plan = {
      application: 'payments',
      groups: [
        {
          name: 'g',
          pairs: ['db', 'web'],
          before: [{ kind: 'database-promote', pair: 'db' }],
          after: [
            { kind: 'health-check', target: 'pair:web' },
            { kind: 'health-check', target: 'web.contoso.local' },
          ],
        },
      ],
    };
    expect(refsOf('plan', plan)).toEqual([
      { kind: 'application', value: 'payments', path: 'application' },
      { kind: 'pair', value: 'db', path: 'groups[0].pairs[0]' },
      { kind: 'pair', value: 'web', path: 'groups[0].pairs[1]' },
      { kind: 'pair', value: 'db', path: 'groups[0].before[0].pair' },
      { kind: 'pair', value: 'web', path: 'groups[0].after[0].target' },
    ]);
    const api = toApiFields(
      'plan',
      mapRefs('plan', plan, (_k, v) => `id-${v}`),
    );
    expect(api.groups).toEqual([
      {
        name: 'g',
        pairIds: ['id-db', 'id-web'],
        before: [{ kind: 'database-promote', pairId: 'id-db' }],
        after: [
          { kind: 'health-check', target: 'pair:id-web' },
          { kind: 'health-check', target: 'web.contoso.local' },
        ],
      },
    ]);
    expect(api.applicationId).toBe('id-payments');
  });

  it("names the API's error fields as the file does", () => {
    expect(fileFieldPath('pair', 'target.vmSize')).toBe('replica.vmSize');
    expect(fileFieldPath('pair', 'targetSiteId')).toBe('target');
    expect(fileFieldPath('network-mapping', 'sourceSiteId')).toBe('source');
    expect(fileFieldPath('plan', 'groups[1].pairIds[0]')).toBe('groups[1].pairs[0]');
    expect(fileFieldPath('plan', 'groups[0].after[2].pairId')).toBe('groups[0].after[2].pair');
    expect(fileFieldPath('site', 'armEndpoint')).toBe('armEndpoint');
  });
});

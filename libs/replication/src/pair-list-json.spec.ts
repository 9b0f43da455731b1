import { toPairResponse } from './dtos/pair.response';
import { pairJson, PairListRow, utcTextToIso } from './pair-list-json';
import type { PairEntity } from './pair.entity';

/** The same pair twice: as the entity the single reads map, and as the text row the list reads. */
function both(overrides: {
  name?: string;
  kind?: PairEntity['lagSourceKind'];
  settings?: Record<string, unknown>;
  sealed?: string | null;
  lagSeconds?: number | null;
  lastRecoveryPointAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  target?: Record<string, unknown>;
}) {
  const o = {
    name: 'vm-web-01',
    kind: 'agent' as PairEntity['lagSourceKind'],
    settings: {},
    sealed: null,
    lagSeconds: null,
    lastRecoveryPointAt: null,
    createdAt: '2026-11-26 23:22:51.579',
    updatedAt: '2026-11-26 23:22:51.579877',
    target: { resourceGroup: 'rg-dr', mode: 'from-recovery-point' },
    ...overrides,
  };
  const date = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
  const entity = {
    id: '6f1c2a9e-0000-4000-8000-000000000001',
    applicationId: '6f1c2a9e-0000-4000-8000-000000000002',
    sourceSiteId: '6f1c2a9e-0000-4000-8000-000000000003',
    targetSiteId: '6f1c2a9e-0000-4000-8000-000000000004',
    sourceResourceId:
      '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-web-01',
    name: o.name,
    target: o.target,
    sampleIntervalSeconds: 30,
    lagSourceKind: o.kind,
    lagSourceSettings: o.settings,
    lagSourceSecretsSealed: o.sealed,
    state: 'lagging',
    lagSeconds: o.lagSeconds,
    lastRecoveryPointAt: o.lastRecoveryPointAt === null ? null : date(o.lastRecoveryPointAt),
    version: 7,
    createdAt: date(o.createdAt),
    updatedAt: date(o.updatedAt),
    lagStale: false,
    nextDueAt: null,
    lastSampledAt: null,
  } as unknown as PairEntity;
  const row: PairListRow = {
    id: entity.id,
    application_id: entity.applicationId,
    source_site_id: entity.sourceSiteId,
    target_site_id: entity.targetSiteId,
    source_resource_id: entity.sourceResourceId,
    name: o.name,
    // jsonb text as PostgreSQL writes it: keys reordered, a space after colons and commas
    target: JSON.stringify(o.target).replace(/":/g, '": ').replace(/,"/g, ', "'),
    sample_interval_seconds: '30',
    lag_source_kind: o.kind,
    lag_source_settings: JSON.stringify(o.settings).replace(/":/g, '": '),
    credentials_set: o.sealed !== null,
    state: 'lagging',
    lag_seconds: o.lagSeconds === null ? null : Number.isNaN(o.lagSeconds) ? 'NaN' : String(o.lagSeconds),
    last_recovery_point_utc: o.lastRecoveryPointAt,
    version: '7',
    created_utc: o.createdAt,
    updated_utc: o.updatedAt,
  };
  return { expected: JSON.parse(JSON.stringify(toPairResponse(entity))), actual: JSON.parse(pairJson(row)) };
}

describe('pairJson', () => {
  it.each([
    ['an agent pair that was never sampled', {}],
    [
      'a postgres pair with credentials and a lag',
      {
        kind: 'postgres',
        settings: { heartbeatIntervalSeconds: 5 },
        sealed: 'v1.x',
        lagSeconds: 12.571428571428571,
        lastRecoveryPointAt: '2026-11-26 23:20:00.1',
      },
    ],
    ['a mysql pair without credentials', { kind: 'mysql', settings: {}, sealed: null }],
    [
      'an arm-snapshot pair with its resource group',
      { kind: 'arm-snapshot', settings: { resourceGroup: 'rg-snaps' } },
    ],
    ['a name that needs escaping', { name: 'web "01" \\ ünïcode\n' }],
    ['a lag that is not a number', { lagSeconds: NaN }],
    [
      'whole seconds and short fractions',
      {
        createdAt: '2026-01-01 00:00:00',
        updatedAt: '2026-01-01 00:00:00.5',
        lastRecoveryPointAt: '2025-12-31 23:59:59.99',
      },
    ],
    [
      'a standby target',
      { target: { resourceGroup: 'rg', mode: 'standby', standbyVmId: '/x', staticIp: '10.0.0.4' } },
    ],
  ] as Array<[string, Parameters<typeof both>[0]]>)(
    'writes %s exactly as the single read does',
    (_label, overrides) => {
      const { expected, actual } = both(overrides);
      expect(actual).toEqual(expected);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
    },
  );

  it('never writes the sealed secrets, only whether they are set', () => {
    const { actual } = both({ kind: 'postgres', sealed: 'v1.secret-ciphertext' });
    expect(JSON.stringify(actual)).not.toContain('secret-ciphertext');
    expect(actual.lagSource).toEqual({ kind: 'postgres', credentialsSet: true });
  });
});

describe('utcTextToIso', () => {
  it('writes what Date#toJSON writes, milliseconds truncated', () => {
    for (const text of [
      '2026-11-26 23:22:51',
      '2026-11-26 23:22:51.5',
      '2026-11-26 23:22:51.579',
      '2026-11-26 23:22:51.579999',
      '0999-01-01 00:00:00.001',
    ]) {
      expect(utcTextToIso(text)).toBe(new Date(`${text.slice(0, 23).replace(' ', 'T')}Z`).toISOString());
    }
  });
});

import { CLAIM_SQL, ClaimedPair, parseClaimedPairs } from './claimed-pairs';

const PAIR: ClaimedPair = {
  id: '6f1c2a9e-0000-4000-8000-000000000001',
  application_id: '6f1c2a9e-0000-4000-8000-000000000002',
  source_site_id: '6f1c2a9e-0000-4000-8000-000000000003',
  target_site_id: '6f1c2a9e-0000-4000-8000-000000000004',
  source_resource_id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
  sample_interval_seconds: 60,
  lag_source_kind: 'arm-snapshot',
  lag_source_settings: { resourceGroup: 'rg-dr' },
  sealed: null,
  state: 'protected',
  lag_seconds: 30.555031982421873,
  rp_ms: 1795750954276.968,
  lag_stale: false,
  sampled_ms: 1795750984832,
  lag_failures: 0,
  observed_ms: 1795750984832,
  version: 3,
  previous_due_ms: 1795750997795.25,
  claimed_ms: 1795751057795.25,
};

describe('the claim, column by column', () => {
  it('turns the columns back into one row per pair, every field in place', () => {
    const other: ClaimedPair = {
      ...PAIR,
      id: '6f1c2a9e-0000-4000-8000-000000000009',
      source_resource_id: null,
      lag_source_kind: 'agent',
      lag_source_settings: null,
      state: 'initial',
      lag_seconds: null,
      rp_ms: null,
      sampled_ms: null,
      observed_ms: null,
      previous_due_ms: null,
    };
    const columns = Object.fromEntries(
      Object.keys(PAIR).map((field) => [field, [PAIR, other].map((p) => p[field as keyof ClaimedPair])]),
    );
    expect(parseClaimedPairs(JSON.stringify(columns))).toEqual([PAIR, other]);
  });

  it('returns every field, each column in the same (id) order', () => {
    for (const field of Object.keys(PAIR)) {
      expect(CLAIM_SQL).toContain(` AS ${field}`);
      expect(CLAIM_SQL).toContain(`'${field}', json_agg(${field} ORDER BY id)`);
    }
  });
});

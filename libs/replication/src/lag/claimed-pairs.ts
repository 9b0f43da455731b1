import type { PairState } from '../pair.entity';

/** A due pair as the claim returns it (times as epoch ms). */
export interface ClaimedPair {
  id: string;
  application_id: string;
  source_site_id: string;
  target_site_id: string;
  /** Only for the kinds that use it (arm-snapshot). */
  source_resource_id: string | null;
  sample_interval_seconds: number;
  lag_source_kind: string;
  lag_source_settings: Record<string, unknown> | null;
  sealed: string | null;
  state: PairState;
  lag_seconds: number | null;
  rp_ms: number | null;
  lag_stale: boolean;
  sampled_ms: number | null;
  lag_failures: number;
  observed_ms: number | null;
  version: number;
  previous_due_ms: number | null;
  /**
   * The lease the claim wrote (`now() + interval`, the database's clock): the write only
   * lands while it is still there, and the database's now at the claim is derived from it.
   */
  claimed_ms: number;
}

/**
 * What the claim returns for each field, over the updated row `p` and its `due` row
 * (every field, the type says so). Columns only some kinds use are null for the others,
 * so they are not shipped for every pair.
 */
const CLAIMED_FIELDS: Record<keyof ClaimedPair, string> = {
  id: 'p.id',
  application_id: 'p.application_id',
  source_site_id: 'p.source_site_id',
  target_site_id: 'p.target_site_id',
  source_resource_id: `CASE WHEN p.lag_source_kind = 'arm-snapshot' THEN p.source_resource_id END`,
  sample_interval_seconds: 'p.sample_interval_seconds',
  lag_source_kind: 'p.lag_source_kind',
  lag_source_settings: `CASE WHEN p.lag_source_kind <> 'agent' THEN p.lag_source_settings END`,
  sealed: `CASE WHEN p.lag_source_kind IN ('postgres', 'mysql') THEN p.lag_source_secrets_sealed END`,
  state: 'p.state',
  lag_seconds: 'p.lag_seconds',
  rp_ms: '(extract(epoch FROM p.last_recovery_point_at) * 1000)::float8',
  lag_stale: 'p.lag_stale',
  sampled_ms: '(extract(epoch FROM p.last_sampled_at) * 1000)::float8',
  lag_failures: 'p.lag_failures',
  observed_ms: '(extract(epoch FROM p.lag_observed_at) * 1000)::float8',
  version: 'p.version',
  previous_due_ms: '(extract(epoch FROM due.next_due_at) * 1000)::float8',
  claimed_ms: '(extract(epoch FROM p.next_due_at) * 1000)::float8',
};

/**
 * Claims up to `$1` pairs due before `$2` (epoch ms; and now) in one statement: their
 * `next_due_at` moves one interval ahead (a lease: an instance that dies mid-batch
 * leaves them due again then), and rows another instance is claiming (or an agent's
 * push is updating) are skipped, not waited for. NO KEY UPDATE: the checkpoints'
 * foreign key checks do not conflict.
 *
 * The claimed rows come back as one JSON document, column by column
 * (`{"id": [...], "state": [...], ...}`), not as 19 columns × 2,000 rows: node-postgres
 * decodes every field of every row on its own (a Buffer slice, a string, a type
 * parser), which cost more CPU than the rest of the batch; one `JSON.parse` of the
 * same values is a fraction of that, and column by column the field names are sent
 * once, not once per pair. Each column is aggregated in id order, so index i is the
 * same pair in every column. No row when nothing was claimed. As text, not `json`:
 * `parseClaimedPairs` parses it and makes the rows.
 */
export const CLAIM_SQL = `WITH due AS MATERIALIZED (
    SELECT id, next_due_at FROM pairs WHERE next_due_at <= least(now(), to_timestamp($2::float8 / 1000))
    ORDER BY next_due_at LIMIT $1 FOR NO KEY UPDATE SKIP LOCKED),
  claimed AS (
    UPDATE pairs p SET next_due_at = now() + make_interval(secs => p.sample_interval_seconds)
    FROM due
    WHERE p.id = due.id
    RETURNING ${Object.entries(CLAIMED_FIELDS)
      .map(([field, sql]) => `${sql} AS ${field}`)
      .join(',\n      ')})
  SELECT json_build_object(${Object.keys(CLAIMED_FIELDS)
    .map((field) => `'${field}', json_agg(${field} ORDER BY id)`)
    .join(', ')})::text AS columns
  FROM claimed HAVING count(*) > 0`;

/** The claim's answer: one array per field, all as long as the claim. */
type ClaimedColumns = { [K in keyof ClaimedPair]: Array<ClaimedPair[K]> };

/**
 * The claim's JSON document as rows. Building them here, from the columns, costs far
 * less than having JSON.parse build 2,000 objects of 19 fields from the text.
 */
export function parseClaimedPairs(json: string): ClaimedPair[] {
  const c = JSON.parse(json) as ClaimedColumns;
  const rows = new Array<ClaimedPair>(c.id.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      id: c.id[i],
      application_id: c.application_id[i],
      source_site_id: c.source_site_id[i],
      target_site_id: c.target_site_id[i],
      source_resource_id: c.source_resource_id[i],
      sample_interval_seconds: c.sample_interval_seconds[i],
      lag_source_kind: c.lag_source_kind[i],
      lag_source_settings: c.lag_source_settings[i],
      sealed: c.sealed[i],
      state: c.state[i],
      lag_seconds: c.lag_seconds[i],
      rp_ms: c.rp_ms[i],
      lag_stale: c.lag_stale[i],
      sampled_ms: c.sampled_ms[i],
      lag_failures: c.lag_failures[i],
      observed_ms: c.observed_ms[i],
      version: c.version[i],
      previous_due_ms: c.previous_due_ms[i],
      claimed_ms: c.claimed_ms[i],
    };
  }
  return rows;
}

import { isDatabaseKind } from './lag-source';

/**
 * The hot list path. A page of 100 pairs is read as plain text columns (what the
 * PostgreSQL wire protocol carries anyway) and written straight into the response
 * JSON: no row is parsed into Dates and objects only to be serialised again. The
 * output is exactly `JSON.stringify(toPairResponse(pair))`; pair-list-json.spec.ts
 * holds the two together.
 */

/**
 * The columns `pairJson` reads, all as text: timestamps in UTC, jsonb as its text.
 * The timestamps get new names (`*_utc`): an output column named `created_at` would
 * be what `ORDER BY created_at` sorts by, as text, with a sort instead of the index.
 */
export const PAIR_LIST_COLUMNS = `
  id, application_id, source_site_id, target_site_id, source_resource_id, name, target::text AS target,
  sample_interval_seconds::text AS sample_interval_seconds, lag_source_kind, lag_source_settings::text AS lag_source_settings,
  lag_source_secrets_sealed IS NOT NULL AS credentials_set, state, lag_seconds::text AS lag_seconds,
  (last_recovery_point_at AT TIME ZONE 'UTC')::text AS last_recovery_point_utc, version::text AS version,
  (created_at AT TIME ZONE 'UTC')::text AS created_utc, (updated_at AT TIME ZONE 'UTC')::text AS updated_utc`;

export interface PairListRow {
  id: string;
  application_id: string;
  source_site_id: string;
  target_site_id: string;
  source_resource_id: string;
  name: string;
  target: string;
  sample_interval_seconds: string;
  lag_source_kind: string;
  lag_source_settings: string;
  credentials_set: boolean;
  state: string;
  lag_seconds: string | null;
  last_recovery_point_utc: string | null;
  version: string;
  created_utc: string;
  updated_utc: string;
}

/**
 * `2026-11-26 23:22:51.5791` (a UTC timestamp as PostgreSQL writes it with the ISO
 * DateStyle, which node-postgres relies on too) as `Date.prototype.toJSON` would
 * write it: `2026-11-26T23:22:51.579Z`, milliseconds truncated like a JS Date.
 */
export function utcTextToIso(text: string): string {
  if (
    text.length >= 19 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(19) !== 32
  ) {
    const frac = text.length > 20 ? text.slice(20, 23) : '';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${frac.padEnd(3, '0')}Z`;
  }
  // Outside 0001–9999 or another layout: let Date do it (rare, slower).
  return new Date(`${text.replace(' ', 'T')}Z`).toISOString();
}

const isoOrNull = (text: string | null) => (text === null ? 'null' : `"${utcTextToIso(text)}"`);

// float8 text is JSON except NaN and ±Infinity, which JSON.stringify writes as null.
const numberOrNull = (text: string | null) => (text === null || !/^-?\d/.test(text) ? 'null' : text);

/** `{ kind, ...settings, credentialsSet? }` from the stored text, as lagSourceView builds it. */
function lagSourceJson(kind: string, settings: string, credentialsSet: boolean): string {
  const inner = settings.length > 2 ? `,${settings.slice(1, -1)}` : '';
  const credentials = isDatabaseKind(kind) ? `,"credentialsSet":${credentialsSet}` : '';
  return `{"kind":${JSON.stringify(kind)}${inner}${credentials}}`;
}

export function pairJson(r: PairListRow): string {
  return (
    `{"id":"${r.id}","applicationId":"${r.application_id}","sourceSiteId":"${r.source_site_id}","targetSiteId":"${r.target_site_id}",` +
    `"sourceResourceId":${JSON.stringify(r.source_resource_id)},"name":${JSON.stringify(r.name)},"target":${r.target},` +
    `"sampleIntervalSeconds":${r.sample_interval_seconds},"lagSource":${lagSourceJson(r.lag_source_kind, r.lag_source_settings, r.credentials_set)},` +
    `"state":${JSON.stringify(r.state)},"lagSeconds":${numberOrNull(r.lag_seconds)},"lastRecoveryPointAt":${isoOrNull(r.last_recovery_point_utc)},` +
    `"version":${r.version},"createdAt":"${utcTextToIso(r.created_utc)}","updatedAt":"${utcTextToIso(r.updated_utc)}"}`
  );
}

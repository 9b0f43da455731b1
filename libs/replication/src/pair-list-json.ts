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
 * In this order: the list reads its rows as arrays (pg's rowMode 'array'), which
 * spares building a keyed object per row only to read each key back once. Every
 * column has a fixed type (text, or a boolean expression), whatever a later migration
 * does to the table's own types: the unfiltered pages run as prepared statements,
 * which PostgreSQL refuses to run again once their result types change.
 */
const PAIR_LIST_FIELDS = [
  ['id', 'id::text'],
  ['application_id', 'application_id::text'],
  ['source_site_id', 'source_site_id::text'],
  ['target_site_id', 'target_site_id::text'],
  ['source_resource_id', 'source_resource_id::text'],
  ['name', 'name::text'],
  ['target', 'target::text'],
  ['sample_interval_seconds', 'sample_interval_seconds::text'],
  ['lag_source_kind', 'lag_source_kind::text'],
  ['lag_source_settings', 'lag_source_settings::text'],
  ['credentials_set', 'lag_source_secrets_sealed IS NOT NULL'],
  ['state', 'state::text'],
  ['lag_seconds', 'lag_seconds::text'],
  ['last_recovery_point_utc', "(last_recovery_point_at AT TIME ZONE 'UTC')::text"],
  ['version', 'version::text'],
  ['created_utc', "(created_at AT TIME ZONE 'UTC')::text"],
  ['updated_utc', "(updated_at AT TIME ZONE 'UTC')::text"],
] as const satisfies ReadonlyArray<readonly [keyof PairListRow, string]>;

export const PAIR_LIST_COLUMNS = PAIR_LIST_FIELDS.map(
  ([name, expression]) => `${expression} AS ${name}`,
).join(', ');

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

/** One row as rowMode 'array' returns it: the values of PairListRow in the order of PAIR_LIST_FIELDS. */
export type PairListValues = {
  -readonly [I in keyof typeof PAIR_LIST_FIELDS]: (typeof PAIR_LIST_FIELDS)[I] extends readonly [
    infer K extends keyof PairListRow,
    string,
  ]
    ? PairListRow[K]
    : never;
};

/** The positions of the columns in PairListValues (what `pairValuesJson` reads). */
export const PAIR_LIST_INDEX = Object.fromEntries(PAIR_LIST_FIELDS.map(([name], i) => [name, i])) as {
  readonly [K in keyof PairListRow]: number;
};

export function pairListValues(row: PairListRow): PairListValues {
  return PAIR_LIST_FIELDS.map(([name]) => row[name]) as unknown as PairListValues;
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
  return pairValuesJson(pairListValues(r));
}

// Positions in PairListValues (literals, so that each read keeps its column's type),
// checked against PAIR_LIST_FIELDS when the module loads.
const ID = 0;
const APPLICATION_ID = 1;
const SOURCE_SITE_ID = 2;
const TARGET_SITE_ID = 3;
const SOURCE_RESOURCE_ID = 4;
const NAME = 5;
const TARGET = 6;
const SAMPLE_INTERVAL_SECONDS = 7;
const LAG_SOURCE_KIND = 8;
const LAG_SOURCE_SETTINGS = 9;
const CREDENTIALS_SET = 10;
const STATE = 11;
const LAG_SECONDS = 12;
const LAST_RECOVERY_POINT_UTC = 13;
const VERSION = 14;
const CREATED_UTC = 15;
const UPDATED_UTC = 16;
const POSITIONS: Record<keyof PairListRow, number> = {
  id: ID,
  application_id: APPLICATION_ID,
  source_site_id: SOURCE_SITE_ID,
  target_site_id: TARGET_SITE_ID,
  source_resource_id: SOURCE_RESOURCE_ID,
  name: NAME,
  target: TARGET,
  sample_interval_seconds: SAMPLE_INTERVAL_SECONDS,
  lag_source_kind: LAG_SOURCE_KIND,
  lag_source_settings: LAG_SOURCE_SETTINGS,
  credentials_set: CREDENTIALS_SET,
  state: STATE,
  lag_seconds: LAG_SECONDS,
  last_recovery_point_utc: LAST_RECOVERY_POINT_UTC,
  version: VERSION,
  created_utc: CREATED_UTC,
  updated_utc: UPDATED_UTC,
};
for (const [name, position] of Object.entries(POSITIONS)) {
  if (PAIR_LIST_INDEX[name as keyof PairListRow] !== position) {
    throw new Error(`pair list column ${name} is not at ${position}`);
  }
}

/** A pair's JSON from its row as an array (see PAIR_LIST_FIELDS). */
export function pairValuesJson(v: PairListValues): string {
  return (
    `{"id":"${v[ID]}","applicationId":"${v[APPLICATION_ID]}","sourceSiteId":"${v[SOURCE_SITE_ID]}","targetSiteId":"${v[TARGET_SITE_ID]}",` +
    `"sourceResourceId":${JSON.stringify(v[SOURCE_RESOURCE_ID])},"name":${JSON.stringify(v[NAME])},"target":${v[TARGET]},` +
    `"sampleIntervalSeconds":${v[SAMPLE_INTERVAL_SECONDS]},"lagSource":${lagSourceJson(v[LAG_SOURCE_KIND], v[LAG_SOURCE_SETTINGS], v[CREDENTIALS_SET])},` +
    `"state":${JSON.stringify(v[STATE])},"lagSeconds":${numberOrNull(v[LAG_SECONDS])},"lastRecoveryPointAt":${isoOrNull(v[LAST_RECOVERY_POINT_UTC])},` +
    `"version":${v[VERSION]},"createdAt":"${utcTextToIso(v[CREATED_UTC])}","updatedAt":"${utcTextToIso(v[UPDATED_UTC])}"}`
  );
}

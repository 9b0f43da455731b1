/**
 * PostgreSQL array literals built directly, for the sampler's batch statements
 * (thirteen arrays of 10,000 elements a batch): node-postgres quotes and escapes
 * every element of an array parameter, which costs more CPU than the rest of the
 * batch. Numbers, booleans and UUIDs need no quoting; text is quoted once.
 */
export function numberArray(values: ReadonlyArray<number | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null || !Number.isFinite(v) ? 'NULL' : String(v);
  }
  return `${out}}`;
}

export function booleanArray(values: readonly boolean[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + (values[i] ? 't' : 'f');
  return `${out}}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDs as they come from the database; anything else is refused rather than quoted. */
export function uuidArray(values: readonly string[]): string {
  for (const v of values) if (!UUID.test(v)) throw new RangeError(`not a UUID: ${JSON.stringify(v)}`);
  return `{${values.join(',')}}`;
}

export function textArray(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null ? 'NULL' : `"${needsEscape(v) ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `${out}}`;
}

/** Most values (states, most errors) have nothing to escape: a check costs less than a replace. */
function needsEscape(v: string): boolean {
  return v.includes('"') || v.includes('\\');
}

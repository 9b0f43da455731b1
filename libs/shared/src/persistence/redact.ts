/** Field names whose values are write-only secrets: never echoed, logged or audited. */
export const SECRET_FIELDS = new Set([
  'clientSecret',
  'primaryUrl',
  'replicaUrl',
  'secret',
  'token',
  'password',
  'hmacSecret',
]);

export const REDACTED = '[write-only]';

/** A copy of `value` fit for the audit log: secrets are replaced by a marker that says they were set. */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redact(v)) as unknown as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_FIELDS.has(key) && v !== undefined && v !== null ? REDACTED : redact(v);
    }
    return out as T;
  }
  return value;
}

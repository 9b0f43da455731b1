import { fieldPath, PLAN_STEP_KINDS, PlanStepKind, STEP_LIMITS } from '@twinsite/core';
import type { FieldViolation } from '@twinsite/shared';

/**
 * The API's side of plan steps. The rules of each step are core's (`validateStep`);
 * here are only what the HTTP contract adds: the fields each kind accepts (anything
 * else is refused, as everywhere in the API), the defaults of optional fields, and
 * the write-only step secrets.
 */
export const STEP_FIELDS: Record<PlanStepKind, readonly string[]> = {
  'manual-approval': ['kind', 'message'],
  webhook: ['kind', 'url', 'timeoutSeconds', 'retries', 'secret'],
  'database-promote': ['kind', 'pairId'],
  'dns-update': ['kind', 'provider', 'url', 'recordName', 'ttlSeconds', 'secret'],
  'health-check': ['kind', 'protocol', 'target', 'port', 'path', 'timeoutSeconds'],
  wait: ['kind', 'seconds'],
};

/** Kinds that may carry a write-only `secret` (an HMAC key for the receiver). */
export const SECRET_STEP_KINDS: readonly PlanStepKind[] = ['webhook', 'dns-update'];

export const STEP_DEFAULTS: Partial<Record<PlanStepKind, Record<string, number>>> = {
  webhook: { timeoutSeconds: 30, retries: 2 },
  'health-check': { timeoutSeconds: 300 },
};

type Fields = Record<string, unknown>;

function isKnownStep(step: unknown): step is Fields & { kind: PlanStepKind } {
  return (
    step !== null &&
    typeof step === 'object' &&
    !Array.isArray(step) &&
    typeof (step as Fields).kind === 'string' &&
    (PLAN_STEP_KINDS as readonly string[]).includes((step as Fields).kind as string)
  );
}

export const hasSecret = (kind: string) => (SECRET_STEP_KINDS as readonly string[]).includes(kind);

/** A copy with the defaults of the fields left out; anything that is not a known step is returned as it is. */
export function withStepDefaults(step: unknown): unknown {
  if (!isKnownStep(step)) return step;
  const defaults = STEP_DEFAULTS[step.kind] ?? {};
  const out: Fields = { ...step };
  for (const [key, value] of Object.entries(defaults)) if (out[key] === undefined) out[key] = value;
  return out;
}

/**
 * What `validateStep` leaves to the API: unknown fields, the `secret` of a
 * dns-update step (same rule as a webhook's), and `secretSet` (what a client read
 * back and may send again: `false` drops the stored secret).
 */
export function stepContractViolations(step: unknown, path: string): FieldViolation[] {
  if (!isKnownStep(step)) return [];
  const out: FieldViolation[] = [];
  const allowed = STEP_FIELDS[step.kind];
  for (const key of Object.keys(step)) {
    if (allowed.includes(key)) continue;
    if (key === 'secretSet' && hasSecret(step.kind)) continue;
    const field = fieldPath(path, key);
    out.push({
      field,
      rule: 'unknown-field',
      message: `${field} is not a known field of a ${step.kind} step`,
    });
  }
  if (step.kind === 'dns-update' && step.secret !== undefined) {
    const field = fieldPath(path, 'secret');
    if (typeof step.secret !== 'string')
      out.push({ field, rule: 'invalid-type', message: 'secret must be a string' });
    else if (step.secret.length < STEP_LIMITS.secretMinLength) {
      out.push({
        field,
        rule: 'out-of-range',
        message: `secret must be at least ${STEP_LIMITS.secretMinLength} characters`,
      });
    }
  }
  if (step.secretSet !== undefined && typeof step.secretSet !== 'boolean') {
    out.push({
      field: fieldPath(path, 'secretSet'),
      rule: 'invalid-type',
      message: 'secretSet must be true or false',
    });
  }
  return out;
}

/** Every pair id a plan names: group members, `database-promote` steps and `pair:<id>` health-check targets. */
export function referencedPairIds(
  groups: ReadonlyArray<{ pairIds?: unknown; before?: unknown; after?: unknown }>,
): string[] {
  const ids = new Set<string>();
  for (const group of groups) {
    if (Array.isArray(group.pairIds)) for (const id of group.pairIds) if (typeof id === 'string') ids.add(id);
    for (const steps of [group.before, group.after]) {
      if (!Array.isArray(steps)) continue;
      for (const step of steps) {
        if (!isKnownStep(step)) continue;
        if (step.kind === 'database-promote' && typeof step.pairId === 'string') ids.add(step.pairId);
        if (
          step.kind === 'health-check' &&
          typeof step.target === 'string' &&
          step.target.startsWith('pair:')
        ) {
          ids.add(step.target.slice('pair:'.length));
        }
      }
    }
  }
  return [...ids];
}

import type { FieldViolation } from '@twinsite/shared';
import { hasSecret } from './plan-steps';

/** A step as stored: its fields, and for webhook and dns-update steps the secret sealed (never in the clear). */
export type StoredStep = Record<string, unknown> & { kind: string; secretSealed?: string };

export interface StoredPlanGroup {
  name: string;
  pairIds: string[];
  before: StoredStep[];
  after: StoredStep[];
}

export interface InputPlanGroup {
  name: string;
  pairIds: string[];
  before?: Array<Record<string, unknown>>;
  after?: Array<Record<string, unknown>>;
}

const PHASES = ['before', 'after'] as const;

/**
 * Turns validated input groups into stored groups, sealing each step secret.
 *
 * A client can never read a secret back, so on update a webhook or dns-update step
 * sent without `secret` keeps the stored one of the same step: the step at the same
 * place with the same kind and URL, or else the first stored step with that kind and
 * URL. `secretSet: false` drops it; `secretSet: true` with nothing to keep is refused.
 */
export function sealPlanSecrets(
  groups: InputPlanGroup[],
  seal: (plaintext: string) => string,
  previous: StoredPlanGroup[] = [],
): { groups: StoredPlanGroup[]; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const byKey = new Map<string, string>();
  for (const group of previous) {
    for (const phase of PHASES) {
      for (const step of group[phase] ?? []) {
        const key = secretKey(step);
        if (step.secretSealed && !byKey.has(key)) byKey.set(key, step.secretSealed);
      }
    }
  }
  const stored = groups.map((group, g) => {
    const out: StoredPlanGroup = { name: group.name, pairIds: [...group.pairIds], before: [], after: [] };
    for (const phase of PHASES) {
      out[phase] = (group[phase] ?? []).map((input, i) => {
        const { secret, secretSet, ...fields } = input as Record<string, unknown> & { kind: string };
        const step: StoredStep = fields as StoredStep;
        if (!hasSecret(step.kind)) return step;
        if (typeof secret === 'string') return { ...step, secretSealed: seal(secret) };
        if (secretSet === false) return step;
        const samePlace = previous[g]?.[phase]?.[i];
        const kept =
          samePlace && samePlace.secretSealed && secretKey(samePlace) === secretKey(step)
            ? samePlace.secretSealed
            : byKey.get(secretKey(step));
        if (kept) return { ...step, secretSealed: kept };
        if (secretSet === true) {
          violations.push({
            field: `groups[${g}].${phase}[${i}].secretSet`,
            rule: 'no-stored-secret',
            message: 'there is no stored secret for this step to keep; send secret',
          });
        }
        return step;
      });
    }
    return out;
  });
  return { groups: stored, violations };
}

function secretKey(step: Record<string, unknown>): string {
  return `${String(step.kind)}\n${String(step.url ?? '')}`;
}

/** A step as the API shows it: the sealed secret replaced by whether one is set. */
export function stepView(step: StoredStep): Record<string, unknown> {
  const { secretSealed, ...fields } = step;
  return hasSecret(step.kind) ? { ...fields, secretSet: !!secretSealed } : fields;
}

/** A step with its secret opened, for the failover engine only. */
export function openStep(step: StoredStep, open: (sealed: string) => string): Record<string, unknown> {
  const { secretSealed, ...fields } = step;
  return secretSealed ? { ...fields, secret: open(secretSealed) } : fields;
}

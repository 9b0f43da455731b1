import { DomainViolation, fieldPath, violation } from './errors';

/**
 * The steps a recovery plan runs before and after each group. They are typed as
 * a discriminated union on `kind`, and validated from untrusted JSON (the plans
 * API), so `validateStep` takes `unknown` and names the exact offending field.
 */
export interface ManualApprovalStep {
  kind: 'manual-approval';
  /** Shown to the approver: what to check before approving. */
  message?: string;
}

export interface WebhookStep {
  kind: 'webhook';
  url: string;
  timeoutSeconds: number;
  /** Extra attempts after the first one fails. */
  retries: number;
  /** Signs the request body (HMAC) so the receiver can trust it. */
  secret?: string;
}

export interface DatabasePromoteStep {
  kind: 'database-promote';
  /** The database pair whose replica is promoted at the target site. */
  pairId: string;
}

export interface DnsUpdateStep {
  kind: 'dns-update';
  /** Only `webhook`: the DNS change is delegated to the operator's own automation. */
  provider: 'webhook';
  url: string;
  recordName: string;
  ttlSeconds?: number;
}

export interface HealthCheckStep {
  kind: 'health-check';
  protocol: 'tcp' | 'http';
  /** `pair:<id>` (the pair's failed-over VM at the target) or a host name / IP address. */
  target: string;
  port: number;
  /** HTTP only. */
  path?: string;
  timeoutSeconds: number;
}

export interface WaitStep {
  kind: 'wait';
  seconds: number;
}

export type PlanStep =
  | ManualApprovalStep
  | WebhookStep
  | DatabasePromoteStep
  | DnsUpdateStep
  | HealthCheckStep
  | WaitStep;

export type PlanStepKind = PlanStep['kind'];

export const PLAN_STEP_KINDS: readonly PlanStepKind[] = [
  'manual-approval',
  'webhook',
  'database-promote',
  'dns-update',
  'health-check',
  'wait',
];

/** Rule names of step violations. */
export type StepRule =
  | 'invalid-type'
  | 'unknown-step-kind'
  | 'required'
  | 'invalid-url'
  | 'out-of-range'
  | 'invalid-value';

export const STEP_LIMITS = {
  timeoutSeconds: { min: 1, max: 3600 },
  retries: { min: 0, max: 10 },
  waitSeconds: { min: 1, max: 86400 },
  ttlSeconds: { min: 1, max: 86400 },
  port: { min: 1, max: 65535 },
  messageLength: 2000,
  secretMinLength: 16,
} as const;

type Fields = Record<string, unknown>;
type Check = (step: Fields, path: string) => DomainViolation[];

const CHECKS: Record<PlanStepKind, Check> = {
  'manual-approval': (step, path) => optionalString(step, path, 'message', STEP_LIMITS.messageLength),
  webhook: (step, path) => [
    ...httpUrl(step, path, 'url'),
    ...integerIn(step, path, 'timeoutSeconds', STEP_LIMITS.timeoutSeconds),
    ...integerIn(step, path, 'retries', STEP_LIMITS.retries),
    ...secret(step, path),
  ],
  'database-promote': (step, path) => requiredString(step, path, 'pairId'),
  'dns-update': (step, path) => [
    ...oneOf(step, path, 'provider', ['webhook']),
    ...httpUrl(step, path, 'url'),
    ...dnsName(step, path, 'recordName'),
    ...(step.ttlSeconds === undefined ? [] : integerIn(step, path, 'ttlSeconds', STEP_LIMITS.ttlSeconds)),
  ],
  'health-check': (step, path) => [
    ...oneOf(step, path, 'protocol', ['tcp', 'http']),
    ...healthTarget(step, path),
    ...integerIn(step, path, 'port', STEP_LIMITS.port),
    ...healthPath(step, path),
    ...integerIn(step, path, 'timeoutSeconds', STEP_LIMITS.timeoutSeconds),
  ],
  wait: (step, path) => integerIn(step, path, 'seconds', STEP_LIMITS.waitSeconds),
};

/**
 * Violations of one step, with fields named from `path` (e.g.
 * `groups[0].before[1].url`). Cross-references (does the pair exist?) are left
 * to `validatePlan`, which knows the pairs.
 */
export function validateStep(step: unknown, path: string): DomainViolation[] {
  if (step === null || typeof step !== 'object' || Array.isArray(step)) {
    return [violation(path, 'invalid-type', 'a step must be an object')];
  }
  const fields = step as Fields;
  const kind = fields.kind;
  if (typeof kind !== 'string' || !(PLAN_STEP_KINDS as readonly string[]).includes(kind)) {
    return [
      violation(
        fieldPath(path, 'kind'),
        'unknown-step-kind',
        `kind must be one of ${PLAN_STEP_KINDS.join(', ')}${kind === undefined ? '' : `, got ${JSON.stringify(kind)}`}`,
      ),
    ];
  }
  return CHECKS[kind as PlanStepKind](fields, path);
}

/** `pair:<id>` targets name the pair's failed-over VM; returns the id, or null for a host. */
export function healthCheckPairId(target: string): string | null {
  return target.startsWith('pair:') ? target.slice('pair:'.length) : null;
}

function requiredString(step: Fields, path: string, key: string): DomainViolation[] {
  const value = step[key];
  if (typeof value !== 'string' || value.trim() === '') {
    return [violation(fieldPath(path, key), 'required', `${key} is required`)];
  }
  return [];
}

function optionalString(step: Fields, path: string, key: string, maxLength: number): DomainViolation[] {
  const value = step[key];
  if (value === undefined) {
    return [];
  }
  if (typeof value !== 'string') {
    return [violation(fieldPath(path, key), 'invalid-type', `${key} must be a string`)];
  }
  if (value.length > maxLength) {
    return [
      violation(fieldPath(path, key), 'out-of-range', `${key} must be at most ${maxLength} characters`),
    ];
  }
  return [];
}

function integerIn(
  step: Fields,
  path: string,
  key: string,
  range: { min: number; max: number },
): DomainViolation[] {
  const value = step[key];
  const field = fieldPath(path, key);
  if (value === undefined) {
    return [violation(field, 'required', `${key} is required`)];
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return [violation(field, 'invalid-type', `${key} must be a whole number`)];
  }
  if (value < range.min || value > range.max) {
    return [
      violation(field, 'out-of-range', `${key} must be between ${range.min} and ${range.max}, got ${value}`),
    ];
  }
  return [];
}

function oneOf(step: Fields, path: string, key: string, allowed: readonly string[]): DomainViolation[] {
  const value = step[key];
  if (value === undefined) {
    return [violation(fieldPath(path, key), 'required', `${key} is required`)];
  }
  if (typeof value !== 'string' || !allowed.includes(value)) {
    return [
      violation(
        fieldPath(path, key),
        'invalid-value',
        `${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
      ),
    ];
  }
  return [];
}

function httpUrl(step: Fields, path: string, key: string): DomainViolation[] {
  const missing = requiredString(step, path, key);
  if (missing.length > 0) {
    return missing;
  }
  const field = fieldPath(path, key);
  let url: URL;
  try {
    url = new URL(step[key] as string);
  } catch {
    return [violation(field, 'invalid-url', `${key} must be an absolute http or https URL`)];
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return [
      violation(field, 'invalid-url', `${key} must use http or https, got ${url.protocol.replace(':', '')}`),
    ];
  }
  // Credentials in a URL end up in logs and the audit trail; the secret field is for that.
  if (url.username !== '' || url.password !== '') {
    return [violation(field, 'invalid-url', `${key} must not contain credentials; use the secret field`)];
  }
  return [];
}

function secret(step: Fields, path: string): DomainViolation[] {
  const value = step.secret;
  if (value === undefined) {
    return [];
  }
  const field = fieldPath(path, 'secret');
  if (typeof value !== 'string') {
    return [violation(field, 'invalid-type', 'secret must be a string')];
  }
  // A short HMAC key can be guessed; the receiver could then be fed forged calls.
  if (value.length < STEP_LIMITS.secretMinLength) {
    return [
      violation(field, 'out-of-range', `secret must be at least ${STEP_LIMITS.secretMinLength} characters`),
    ];
  }
  return [];
}

const DNS_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

function dnsName(step: Fields, path: string, key: string): DomainViolation[] {
  const missing = requiredString(step, path, key);
  if (missing.length > 0) {
    return missing;
  }
  const name = (step[key] as string).replace(/\.$/, '');
  const labels = name.split('.');
  // A leading `*` label is a wildcard record; `_` labels are service records.
  const valid =
    name.length <= 253 && labels.every((label, i) => DNS_LABEL.test(label) || (i === 0 && label === '*'));
  return valid ? [] : [violation(fieldPath(path, key), 'invalid-value', `${key} must be a DNS name`)];
}

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Host name or IP address (IPv6 without brackets) that a health check may connect to. */
export function isHostOrAddress(value: string): boolean {
  if (IPV4.test(value)) {
    return true;
  }
  if (value.includes(':')) {
    return isIpv6(value);
  }
  const name = value.replace(/\.$/, '');
  // All-numeric dotted names are malformed IPv4 addresses, not host names.
  if (/^[\d.]+$/.test(name)) {
    return false;
  }
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => HOST_LABEL.test(label));
}

function isIpv6(value: string): boolean {
  try {
    return new URL(`http://[${value}]/`).hostname !== '';
  } catch {
    return false;
  }
}

function healthTarget(step: Fields, path: string): DomainViolation[] {
  const missing = requiredString(step, path, 'target');
  if (missing.length > 0) {
    return missing;
  }
  const target = step.target as string;
  const pairId = healthCheckPairId(target);
  if (pairId !== null) {
    return pairId.trim() === ''
      ? [violation(fieldPath(path, 'target'), 'invalid-value', 'target pair:<id> needs a pair id')]
      : [];
  }
  return isHostOrAddress(target)
    ? []
    : [
        violation(
          fieldPath(path, 'target'),
          'invalid-value',
          'target must be pair:<id>, a host name or an IP address',
        ),
      ];
}

function healthPath(step: Fields, path: string): DomainViolation[] {
  const value = step.path;
  if (value === undefined) {
    return [];
  }
  const field = fieldPath(path, 'path');
  if (step.protocol === 'tcp') {
    return [violation(field, 'invalid-value', 'path applies to http health checks only')];
  }
  if (typeof value !== 'string' || !value.startsWith('/')) {
    return [violation(field, 'invalid-value', 'path must start with /')];
  }
  return [];
}

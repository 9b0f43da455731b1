import { ThrottleBudget } from './throttling';

// Faults an operator or a test injects into one stamp through POST /_sim/faults.

export interface FailOperationRule {
  /** HTTP method, or `*` / omitted for any */
  method?: string;
  /** case-insensitive substring of the request path; omitted matches every ARM path */
  pathContains?: string;
  status: number;
  code: string;
  message?: string;
  /** how many matching calls fail; omitted = until the fault is cleared */
  times?: number;
  /**
   * `true`: the call is accepted (201/202) and its long-running operation ends
   * `Failed` with this code, as a failed deployment does. Only for calls that start one.
   */
  async?: boolean;
}

export interface DropAfterApplyRule {
  method?: string;
  pathContains?: string;
  times?: number;
}

export interface Faults {
  down: false | 'refuse' | 'hang';
  linkDown: boolean;
  latencyMs: number;
  errorRate: number;
  throttle: ThrottleBudget | null;
  failOperation: FailOperationRule[];
  dropAfterApply: DropAfterApplyRule[];
  clockSkewSeconds: number;
  operationLatencyMs: Record<string, number>;
}

export function noFaults(): Faults {
  return {
    down: false,
    linkDown: false,
    latencyMs: 0,
    errorRate: 0,
    throttle: null,
    failOperation: [],
    dropAfterApply: [],
    clockSkewSeconds: 0,
    operationLatencyMs: {},
  };
}

export class FaultInputError extends Error {}

/** Merges a partial fault document into the current faults, validating each field. */
export function mergeFaults(current: Faults, input: unknown): Faults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultInputError('faults must be a JSON object');
  }
  const patch = input as Record<string, unknown>;
  const next: Faults = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case 'down':
        if (value !== false && value !== 'refuse' && value !== 'hang' && value !== null) {
          throw new FaultInputError("down must be 'refuse', 'hang' or false");
        }
        next.down = value === null ? false : value;
        break;
      case 'linkDown':
        next.linkDown = Boolean(value);
        break;
      case 'latencyMs':
      case 'clockSkewSeconds':
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new FaultInputError(`${key} must be a number`);
        if (key === 'latencyMs' && value < 0) throw new FaultInputError('latencyMs must be >= 0');
        next[key] = value;
        break;
      case 'errorRate':
        if (typeof value !== 'number' || value < 0 || value > 1) {
          throw new FaultInputError('errorRate must be a number between 0 and 1');
        }
        next.errorRate = value;
        break;
      case 'throttle':
        next.throttle = value === null || value === false ? null : parseThrottle(value);
        break;
      case 'failOperation':
        next.failOperation = asArray(value, key).map(parseFailRule);
        break;
      case 'dropAfterApply':
        next.dropAfterApply = asArray(value, key).map(parseDropRule);
        break;
      case 'operationLatencyMs':
        next.operationLatencyMs = parseLatencyMap(value);
        break;
      default:
        throw new FaultInputError(`unknown fault '${key}'`);
    }
  }
  return next;
}

function asArray(value: unknown, key: string): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') return [value];
  throw new FaultInputError(`${key} must be a list of rules`);
}

function parseThrottle(value: unknown): ThrottleBudget {
  const t = (value ?? {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && v >= 0 ? v : fallback);
  const budget: ThrottleBudget = {
    reads: num(t.reads, 12000),
    writes: num(t.writes, 1200),
    windowSeconds: Math.max(1, num(t.windowSeconds, 60)),
  };
  if (typeof t.retryAfterSeconds === 'number') budget.retryAfterSeconds = t.retryAfterSeconds;
  return budget;
}

function parseFailRule(value: unknown): FailOperationRule {
  const r = (value ?? {}) as Record<string, unknown>;
  if (typeof r.status !== 'number' || r.status < 400 || r.status > 599) {
    throw new FaultInputError('failOperation[].status must be an HTTP error status (400-599)');
  }
  if (typeof r.code !== 'string' || !r.code) throw new FaultInputError('failOperation[].code is required');
  return {
    method: typeof r.method === 'string' ? r.method.toUpperCase() : undefined,
    pathContains: typeof r.pathContains === 'string' ? r.pathContains : undefined,
    status: r.status,
    code: r.code,
    message: typeof r.message === 'string' ? r.message : undefined,
    times: typeof r.times === 'number' ? r.times : undefined,
    async: r.async === true,
  };
}

function parseDropRule(value: unknown): DropAfterApplyRule {
  const r = (value ?? {}) as Record<string, unknown>;
  return {
    method: typeof r.method === 'string' ? r.method.toUpperCase() : undefined,
    pathContains: typeof r.pathContains === 'string' ? r.pathContains : undefined,
    times: typeof r.times === 'number' ? r.times : undefined,
  };
}

function parseLatencyMap(value: unknown): Record<string, number> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FaultInputError('operationLatencyMs must map "METHOD type" to milliseconds');
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'number' || v < 0) throw new FaultInputError(`operationLatencyMs['${k}'] must be >= 0`);
    out[normaliseLatencyKey(k)] = v;
  }
  return out;
}

function normaliseLatencyKey(key: string): string {
  return key.trim().replace(/\s+/g, ' ').toLowerCase();
}

interface RuleLike {
  method?: string;
  pathContains?: string;
  times?: number;
}

/**
 * Finds the first rule matching this call and uses up one of its `times`; a rule whose
 * times are used up is removed. Returns undefined when no rule matches.
 */
export function takeMatchingRule<T extends RuleLike>(
  rules: T[],
  method: string,
  path: string,
): T | undefined {
  const lowerPath = path.toLowerCase();
  const index = rules.findIndex(
    (r) =>
      (!r.method || r.method === '*' || r.method === method) &&
      (!r.pathContains || lowerPath.includes(r.pathContains.toLowerCase())),
  );
  if (index < 0) return undefined;
  const rule = rules[index];
  if (rule.times !== undefined) {
    const left = rule.times - 1;
    if (left <= 0) rules.splice(index, 1);
    else rules[index] = { ...rule, times: left };
  }
  return rule;
}

/**
 * Latency of one operation: `operationLatencyMs` is keyed like `PUT virtualMachines`,
 * `POST virtualMachines/start`, `DELETE disks` or just `virtualMachines`.
 */
export function operationLatency(
  map: Record<string, number>,
  method: string,
  resourceType: string,
  action: string | undefined,
  fallback: number,
): number {
  const type = resourceType.toLowerCase();
  const m = method.toLowerCase();
  const keys = action ? [`${m} ${type}/${action.toLowerCase()}`, `${type}/${action.toLowerCase()}`] : [];
  keys.push(`${m} ${type}`, type, `${m} *`, '*');
  for (const key of keys) {
    if (map[key] !== undefined) return map[key];
  }
  return fallback;
}

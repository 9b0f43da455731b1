/**
 * The five kinds of resource an estate file declares, in dependency order, and how
 * the file's vocabulary maps onto the API's: the file refers to other resources by
 * name (`application: payments`, `source: stamp-a`, a plan group's `pairs`), the API
 * by ID (`applicationId`, `sourceSiteId`, `pairIds`).
 */
export type KindName = 'site' | 'application' | 'network-mapping' | 'pair' | 'plan';
export type SectionName = 'sites' | 'applications' | 'networkMappings' | 'pairs' | 'plans';

export interface KindInfo {
  kind: KindName;
  /** The key of its list in the estate file. */
  section: SectionName;
  /** Its collection under /api/v1. */
  path: string;
}

/** In dependency order: everything a kind refers to comes before it. */
export const KINDS: readonly KindInfo[] = [
  { kind: 'site', section: 'sites', path: '/sites' },
  { kind: 'application', section: 'applications', path: '/applications' },
  { kind: 'network-mapping', section: 'networkMappings', path: '/network-mappings' },
  { kind: 'pair', section: 'pairs', path: '/pairs' },
  { kind: 'plan', section: 'plans', path: '/plans' },
];

export const KIND = Object.fromEntries(KINDS.map((k) => [k.kind, k])) as Record<KindName, KindInfo>;
export const SECTIONS = KINDS.map((k) => k.section);
export const kindOfSection = (section: string): KindName | undefined =>
  KINDS.find((k) => k.section === section)?.kind;
export const kindOrder = (kind: KindName) => KINDS.findIndex((k) => k.kind === kind);

/** The kinds a kind refers to, which must be read to resolve its references. */
export const DEPENDENCIES: Record<KindName, KindName[]> = {
  site: [],
  application: [],
  'network-mapping': ['site'],
  pair: ['site', 'application'],
  plan: ['application', 'pair'],
};

/** Top-level fields that name another resource. */
export const REF_FIELDS: Record<KindName, Record<string, KindName>> = {
  site: {},
  application: {},
  'network-mapping': { source: 'site', target: 'site' },
  pair: { application: 'application', source: 'site', target: 'site' },
  plan: { application: 'application' },
};

/** File field → API field, where the names differ. A pair's `replica` is the API's `target` object. */
const FILE_TO_API: Record<KindName, Record<string, string>> = {
  site: {},
  application: {},
  'network-mapping': { source: 'sourceSiteId', target: 'targetSiteId' },
  pair: { application: 'applicationId', source: 'sourceSiteId', target: 'targetSiteId', replica: 'target' },
  plan: { application: 'applicationId' },
};

const API_TO_FILE = Object.fromEntries(
  Object.entries(FILE_TO_API).map(([kind, map]) => [
    kind,
    Object.fromEntries(Object.entries(map).map(([f, a]) => [a, f])),
  ]),
) as Record<KindName, Record<string, string>>;

/** Fields that say what a resource is: they cannot change after creation. */
export const IMMUTABLE_FIELDS: Record<KindName, string[]> = {
  site: [],
  application: [],
  'network-mapping': [],
  pair: ['source', 'target', 'sourceResourceId'],
  plan: [],
};

/** Top-level write-only fields: never read back, so never compared. */
export const WRITE_ONLY_FIELDS: Record<KindName, string[]> = {
  site: ['clientSecret'],
  application: [],
  'network-mapping': [],
  pair: [],
  plan: [],
};

export const LAG_SOURCE_SECRETS = ['primaryUrl', 'replicaUrl'];

/** Plan step kinds that carry a write-only `secret`, and the defaults the API fills in. */
export const SECRET_STEP_KINDS = ['webhook', 'dns-update'];
export const STEP_DEFAULTS: Record<string, Record<string, unknown>> = {
  webhook: { timeoutSeconds: 30, retries: 2 },
  'health-check': { timeoutSeconds: 300 },
};

export const PHASES = ['before', 'after'] as const;

export type Fields = Record<string, unknown>;
/** Replaces one reference: `value` is a name (file → API) or an ID (API → file). */
export type RefMapper = (kind: KindName, value: string, path: string) => string;

export const isPlainObject = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of a file-form resource with every reference passed through `fn`. */
export function mapRefs(kind: KindName, fields: Fields, fn: RefMapper): Fields {
  const out: Fields = { ...fields };
  for (const [field, target] of Object.entries(REF_FIELDS[kind])) {
    if (typeof out[field] === 'string') out[field] = fn(target, out[field] as string, field);
  }
  if (kind === 'plan' && Array.isArray(out.groups)) {
    out.groups = out.groups.map((group, g) => {
      if (!isPlainObject(group)) return group;
      const copy: Fields = { ...group };
      if (Array.isArray(copy.pairs)) {
        copy.pairs = copy.pairs.map((p, i) =>
          typeof p === 'string' ? fn('pair', p, `groups[${g}].pairs[${i}]`) : p,
        );
      }
      for (const phase of PHASES) {
        if (!Array.isArray(copy[phase])) continue;
        copy[phase] = (copy[phase] as unknown[]).map((step, i) =>
          mapStepRefs(step, fn, `groups[${g}].${phase}[${i}]`),
        );
      }
      return copy;
    });
  }
  return out;
}

function mapStepRefs(step: unknown, fn: RefMapper, path: string): unknown {
  if (!isPlainObject(step)) return step;
  const copy: Fields = { ...step };
  if (copy.kind === 'database-promote' && typeof copy.pair === 'string')
    copy.pair = fn('pair', copy.pair, `${path}.pair`);
  if (copy.kind === 'health-check' && typeof copy.target === 'string' && copy.target.startsWith('pair:')) {
    copy.target = `pair:${fn('pair', copy.target.slice('pair:'.length), `${path}.target`)}`;
  }
  return copy;
}

/** Every reference a file-form resource makes. */
export function refsOf(
  kind: KindName,
  fields: Fields,
): Array<{ kind: KindName; value: string; path: string }> {
  const refs: Array<{ kind: KindName; value: string; path: string }> = [];
  mapRefs(kind, fields, (target, value, path) => {
    refs.push({ kind: target, value, path });
    return value;
  });
  return refs;
}

/** File field names → API field names (references are mapped separately, by `mapRefs`). */
export function toApiFields(kind: KindName, fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) out[renamed(FILE_TO_API[kind], key)] = value;
  if (kind === 'plan' && Array.isArray(out.groups))
    out.groups = out.groups.map((g) => renameGroup(g, 'pairs', 'pairIds', 'pair', 'pairId'));
  return out;
}

/** API field names → file field names. */
export function toFileFields(kind: KindName, resource: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(resource)) out[renamed(API_TO_FILE[kind], key)] = value;
  if (kind === 'plan' && Array.isArray(out.groups))
    out.groups = out.groups.map((g) => renameGroup(g, 'pairIds', 'pairs', 'pairId', 'pair'));
  return out;
}

const renamed = (map: Record<string, string>, key: string) => (Object.hasOwn(map, key) ? map[key] : key);

function renameGroup(
  group: unknown,
  fromList: string,
  toList: string,
  fromStep: string,
  toStep: string,
): unknown {
  if (!isPlainObject(group)) return group;
  const out: Fields = {};
  for (const [key, value] of Object.entries(group)) out[key === fromList ? toList : key] = value;
  for (const phase of PHASES) {
    if (!Array.isArray(out[phase])) continue;
    out[phase] = (out[phase] as unknown[]).map((step) => {
      if (!isPlainObject(step) || step.kind !== 'database-promote' || !(fromStep in step)) return step;
      const { [fromStep]: value, ...rest } = step;
      return { ...rest, [toStep]: value };
    });
  }
  return out;
}

/** An API error's field path in the file's words: `target.vmSize` → `replica.vmSize`, `groups[0].pairIds[1]` → `groups[0].pairs[1]`. */
export function fileFieldPath(kind: KindName, apiPath: string): string {
  const match = /^([A-Za-z0-9_-]+)(.*)$/.exec(apiPath);
  if (!match) return apiPath;
  let rest = match[2];
  if (kind === 'plan')
    rest = rest.replace(/\.pairIds(?=\[|$|\.)/g, '.pairs').replace(/\.pairId(?=$|\.)/g, '.pair');
  return renamed(API_TO_FILE[kind], match[1]) + rest;
}

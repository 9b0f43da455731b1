import { entryLabel, Estate, EstateEntry } from './estate';
import {
  DEPENDENCIES,
  Fields,
  IMMUTABLE_FIELDS,
  isPlainObject,
  KindName,
  KINDS,
  kindOrder,
  LAG_SOURCE_SECRETS,
  mapRefs,
  PHASES,
  SECRET_STEP_KINDS,
  STEP_DEFAULTS,
  toFileFields,
  WRITE_ONLY_FIELDS,
} from './kinds';

/** A resource as the API returns it. */
export interface RemoteResource {
  id: string;
  name?: string;
  version?: number;
  [field: string]: unknown;
}

/** What the controller has, per kind (only the kinds that were read). */
export type RemoteState = Partial<Record<KindName, RemoteResource[]>>;

export interface FieldDiff {
  /** In the file's words: `sampleIntervalSeconds`, `replica.vmSize`, `groups[0].pairs`. */
  path: string;
  from?: unknown;
  to?: unknown;
  /** A write-only secret, sent because of --update-secrets: its values are never shown. */
  writeOnly?: boolean;
}

export type Action = 'create' | 'update' | 'unchanged' | 'delete';

export interface Change {
  action: Action;
  kind: KindName;
  name: string;
  entry?: EstateEntry;
  remote?: RemoteResource;
  /** For updates: the top-level fields of the file to send. */
  fields: string[];
  diffs: FieldDiff[];
}

export interface PlanOptions {
  /** Delete what the controller has and the file does not (only in the file's sections). */
  prune?: boolean;
  /** Send write-only secrets on update too (they cannot be compared). */
  updateSecrets?: boolean;
}

export interface ChangePlan {
  changes: Change[];
  /** Reasons the file cannot be applied as it is; nothing is sent while there are any. */
  problems: string[];
  refs: RefIndex;
}

/** The kinds to read from the controller to plan this estate. */
export function kindsToRead(estate: Estate): KindName[] {
  const kinds = new Set<KindName>();
  for (const kind of estate.sections) {
    kinds.add(kind);
    for (const dep of DEPENDENCIES[kind]) kinds.add(dep);
  }
  return [...kinds].sort((a, b) => kindOrder(a) - kindOrder(b));
}

/**
 * Names and IDs. A handle is how the file names a resource: its name in the file
 * when the file declares it, else its name on the controller. Differences are
 * computed between handles, so that they read in the file's words.
 */
export class RefIndex {
  private readonly created = new Map<string, string>();
  private readonly entryOfRemote = new Map<string, EstateEntry>();

  constructor(
    private readonly estate: Estate,
    private readonly remote: RemoteState,
    readonly matches: Map<EstateEntry, RemoteResource>,
  ) {
    for (const [entry, resource] of matches) this.entryOfRemote.set(`${entry.kind}:${resource.id}`, entry);
  }

  private entry(kind: KindName, name: string): EstateEntry | undefined {
    return this.estate.entries.find((e) => e.kind === kind && e.name === name);
  }

  /** The handle of a resource the controller has, by ID. */
  handleOf(kind: KindName, id: string): string {
    const entry = this.entryOfRemote.get(`${kind}:${id}`);
    if (entry) return entry.name;
    const resource = (this.remote[kind] ?? []).find((r) => r.id === id);
    return resource?.name ?? id;
  }

  /** The handle a reference in the file means, or an explanation of why there is none. */
  resolve(kind: KindName, value: string): { handle: string } | { problem: string } {
    if (this.entry(kind, value)) return { handle: value };
    const named = (this.remote[kind] ?? []).filter((r) => r.name === value);
    if (named.length === 1) return { handle: this.handleOf(kind, named[0].id) };
    if (named.length > 1) {
      return {
        problem: `${value} is ambiguous: ${named.length} ${kind}s on the controller have that name (${named.map((r) => r.id).join(', ')}); name one by ID`,
      };
    }
    if ((this.remote[kind] ?? []).some((r) => r.id === value)) return { handle: this.handleOf(kind, value) };
    return { problem: `there is no ${kind} named ${value}, in the file or on the controller` };
  }

  /** The ID behind a handle: of a resource just created, matched, or on the controller. */
  idOf(kind: KindName, handle: string): string | undefined {
    const created = this.created.get(`${kind}:${handle}`);
    if (created) return created;
    const entry = this.entry(kind, handle);
    if (entry) return this.matches.get(entry)?.id;
    const named = (this.remote[kind] ?? []).filter(
      (r) => r.name === handle && !this.entryOfRemote.has(`${kind}:${r.id}`),
    );
    if (named.length > 0) return named[0].id;
    return (this.remote[kind] ?? []).some((r) => r.id === handle) ? handle : undefined;
  }

  register(kind: KindName, handle: string, id: string): void {
    this.created.set(`${kind}:${handle}`, id);
  }
}

/** Pairs are what they protect: the same source VM at the same site is the same pair, whatever its name. */
function matchRemote(
  estate: Estate,
  remote: RemoteState,
): { matches: Map<EstateEntry, RemoteResource>; problems: string[] } {
  const matches = new Map<EstateEntry, RemoteResource>();
  const taken = new Set<string>();
  const problems: string[] = [];
  const siteId = (name: unknown): string | undefined => {
    if (typeof name !== 'string') return undefined;
    const entry = estate.entries.find((e) => e.kind === 'site' && e.name === name);
    if (entry) return matches.get(entry)?.id;
    return (remote.site ?? []).find((s) => s.name === name || s.id === name)?.id;
  };
  for (const entry of estate.entries) {
    const candidates = (remote[entry.kind] ?? []).filter((r) => !taken.has(r.id));
    let found: RemoteResource | undefined;
    if (entry.kind === 'pair') {
      const source = siteId(entry.fields.source);
      const resourceId = String(entry.fields.sourceResourceId ?? '').toLowerCase();
      found = candidates.find(
        (r) =>
          source &&
          r.sourceSiteId === source &&
          String(r.sourceResourceId ?? '').toLowerCase() === resourceId,
      );
    }
    if (!found) {
      const named = candidates.filter((r) => r.name === entry.name);
      if (named.length > 1) {
        problems.push(
          `${entryLabel(entry)}: ${named.length} ${entry.kind}s on the controller are named ${entry.name}; rename them apart first`,
        );
      }
      found = named[0];
    }
    if (found) {
      matches.set(entry, found);
      taken.add(found.id);
    }
  }
  return { matches, problems };
}

/**
 * Compares the file with what the controller has: what to create, what to update
 * (only the fields that differ), what is unchanged, and with `prune` what to delete.
 * A field the file leaves out is not managed; write-only secrets are never compared.
 */
export function planChanges(estate: Estate, remote: RemoteState, options: PlanOptions = {}): ChangePlan {
  const { matches, problems } = matchRemote(estate, remote);
  const refs = new RefIndex(estate, remote, matches);
  const changes: Change[] = [];

  for (const entry of estate.entries) {
    const label = entryLabel(entry);
    const desired = mapRefs(entry.kind, entry.fields, (kind, value, path) => {
      const resolved = refs.resolve(kind, value);
      if ('handle' in resolved) return resolved.handle;
      problems.push(`${label}: ${path}: ${resolved.problem}`);
      return value;
    });
    const resource = matches.get(entry);
    if (!resource) {
      changes.push({
        action: 'create',
        kind: entry.kind,
        name: entry.name,
        entry,
        fields: Object.keys(entry.fields),
        diffs: [],
      });
      continue;
    }
    const current = mapRefs(entry.kind, toFileFields(entry.kind, resource), (kind, id) =>
      refs.handleOf(kind, id),
    );
    const fields: string[] = [];
    const diffs: FieldDiff[] = [];
    for (const field of Object.keys(desired)) {
      if (WRITE_ONLY_FIELDS[entry.kind].includes(field)) continue;
      const [want, have] = canonical(entry.kind, field, desired[field], current[field]);
      if (equal(want, have)) continue;
      if (IMMUTABLE_FIELDS[entry.kind].includes(field)) {
        problems.push(
          `${label}: ${field} cannot change after creation (${show(have)} → ${show(want)}); delete the ${entry.kind} first, or declare a new one under another name`,
        );
        continue;
      }
      fields.push(field);
      diffs.push(...leafDiffs(field, have, want));
    }
    if (options.updateSecrets) {
      for (const path of secretPaths(entry.kind, entry.fields)) {
        const top = path.split(/[.[]/)[0];
        if (!fields.includes(top)) fields.push(top);
        diffs.push({ path, writeOnly: true });
      }
    }
    changes.push({
      action: fields.length ? 'update' : 'unchanged',
      kind: entry.kind,
      name: entry.name,
      entry,
      remote: resource,
      fields,
      diffs,
    });
  }

  if (options.prune) {
    const kept = new Set([...matches.values()].map((r) => r.id));
    for (const { kind } of [...KINDS].reverse()) {
      if (!estate.sections.includes(kind)) continue;
      for (const resource of remote[kind] ?? []) {
        if (!kept.has(resource.id)) {
          changes.push({
            action: 'delete',
            kind,
            name: resource.name ?? resource.id,
            remote: resource,
            fields: [],
            diffs: [],
          });
        }
      }
    }
  }
  return { changes, problems: [...new Set(problems)], refs };
}

export const hasChanges = (plan: ChangePlan) => plan.changes.some((c) => c.action !== 'unchanged');

/** The write-only secrets a file-form resource carries, as paths. */
export function secretPaths(kind: KindName, fields: Fields): string[] {
  const paths = WRITE_ONLY_FIELDS[kind].filter((f) => fields[f] !== undefined);
  if (kind === 'pair' && isPlainObject(fields.lagSource)) {
    for (const key of LAG_SOURCE_SECRETS)
      if (fields.lagSource[key] !== undefined) paths.push(`lagSource.${key}`);
  }
  if (kind === 'plan' && Array.isArray(fields.groups)) {
    fields.groups.forEach((group, g) => {
      if (!isPlainObject(group)) return;
      for (const phase of PHASES) {
        const steps = group[phase];
        if (!Array.isArray(steps)) continue;
        steps.forEach((step, i) => {
          if (isPlainObject(step) && step.secret !== undefined)
            paths.push(`groups[${g}].${phase}[${i}].secret`);
        });
      }
    });
  }
  return paths;
}

/**
 * The two sides of one field, made comparable: nulls dropped, what the API fills in
 * by default added to the file's side, secrets (write-only) and what stands for them
 * (`credentialsSet`, `secretSet`) taken out.
 */
export function canonical(
  kind: KindName,
  field: string,
  desired: unknown,
  current: unknown,
): [unknown, unknown] {
  let want = clean(desired);
  let have = clean(current);
  if (kind === 'site' && field === 'caCertificate') {
    want = pem(want);
    have = pem(have);
  }
  if (kind === 'pair' && field === 'sourceResourceId') {
    want = typeof want === 'string' ? want.toLowerCase() : want;
    have = typeof have === 'string' ? have.toLowerCase() : have;
  }
  if (kind === 'pair' && field === 'replica' && isPlainObject(want) && want.mode === undefined) {
    want = { ...want, mode: 'from-recovery-point' };
  }
  if (kind === 'pair' && field === 'lagSource') {
    if (isPlainObject(want)) want = omit(want, LAG_SOURCE_SECRETS);
    if (isPlainObject(have)) have = omit(have, ['credentialsSet']);
  }
  if (kind === 'plan' && field === 'groups' && Array.isArray(want)) {
    const wanted = want.map((g) => canonicalGroup(g, 'file'));
    want = wanted;
    if (Array.isArray(have)) have = have.map((g, i) => canonicalGroup(g, { desired: wanted[i] }));
  }
  return [want, have];
}

function canonicalGroup(group: unknown, side: 'file' | { desired: unknown }): unknown {
  if (!isPlainObject(group)) return group;
  const out: Fields = { ...group };
  for (const phase of PHASES) {
    const steps = Array.isArray(out[phase]) ? (out[phase] as unknown[]) : [];
    out[phase] = steps.map((step, i) => {
      if (!isPlainObject(step)) return step;
      if (side === 'file') {
        // The file's side: defaults filled in, a secret stands as `secretSet: true`.
        const filled: Fields = { ...(STEP_DEFAULTS[String(step.kind)] ?? {}), ...step };
        if (filled.secret !== undefined) {
          delete filled.secret;
          filled.secretSet = true;
        }
        return filled;
      }
      // The controller's side: `secretSet` only matters where the file gives a secret.
      const desiredSteps =
        isPlainObject(side.desired) && Array.isArray(side.desired[phase])
          ? (side.desired[phase] as unknown[])
          : [];
      const counterpart = desiredSteps[i];
      const fileHasSecret = isPlainObject(counterpart) && counterpart.secretSet === true;
      return fileHasSecret && SECRET_STEP_KINDS.includes(String(step.kind))
        ? step
        : omit(step, ['secretSet']);
    });
  }
  return out;
}

function pem(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : value;
}

function omit(object: Fields, keys: string[]): Fields {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
}

/** Nulls and undefined object members dropped, recursively: the API and YAML spell "unset" both ways. */
export function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (isPlainObject(value)) {
    const out: Fields = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = clean(v);
    return out;
  }
  return value === null ? undefined : value;
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!equal(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** The differences down to the leaves that differ: `replica.vmSize`, `groups[1].pairs`. */
export function leafDiffs(path: string, from: unknown, to: unknown): FieldDiff[] {
  if (equal(from, to)) return [];
  if (isPlainObject(from) && isPlainObject(to) && from.kind === to.kind) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.flatMap((k) => leafDiffs(`${path}.${k}`, from[k], to[k]));
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((v, i) => leafDiffs(`${path}[${i}]`, v, to[i]));
  }
  return [{ path, from, to }];
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : typeof value === 'string' ? value : JSON.stringify(value);
}

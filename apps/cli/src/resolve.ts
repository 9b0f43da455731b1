import { ApiClient, ApiError } from './api-client';
import { KIND, KindName, mapRefs, toFileFields } from './apply/kinds';
import { RemoteResource } from './apply/plan';
import { CliError, ExitCode, usageError } from './exit-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/**
 * A resource by ID or by name. Names are looked up with the list filter `?name=`;
 * where the API has no such filter (it refuses the unknown query field), the list is
 * read whole and filtered here.
 */
export async function findResource(
  client: ApiClient,
  kind: KindName,
  nameOrId: string,
): Promise<RemoteResource> {
  const path = KIND[kind].path;
  if (isUuid(nameOrId)) {
    try {
      return await client.get<RemoteResource>(`${path}/${nameOrId}`);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404 && err.code !== 'endpoint-missing')) throw err;
    }
  }
  const named = (await listByName(client, kind, nameOrId)).filter((r) => r.name === nameOrId);
  if (named.length === 0) {
    throw new CliError(`there is no ${kind} named ${nameOrId}`, ExitCode.NotFound, [], 'not-found');
  }
  if (named.length > 1) {
    throw usageError(
      `${named.length} ${kind}s are named ${nameOrId}; name one by ID:`,
      named.map((r) => r.id),
    );
  }
  return named[0];
}

async function listByName(client: ApiClient, kind: KindName, name: string): Promise<RemoteResource[]> {
  const path = KIND[kind].path;
  try {
    return await client.listAll<RemoteResource>(path, { name });
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.violations.some((v) => v.field === 'name')) {
      return client.listAll<RemoteResource>(path);
    }
    throw err;
  }
}

/** Names of resources by ID, read once per kind, for tables and for showing resources in the estate file's words. */
export class Names {
  private readonly cache = new Map<KindName, Promise<Map<string, string>>>();

  constructor(private readonly client: ApiClient) {}

  async load(...kinds: KindName[]): Promise<void> {
    await Promise.all(kinds.map((k) => this.of(k)));
  }

  of(kind: KindName): Promise<Map<string, string>> {
    let names = this.cache.get(kind);
    if (!names) {
      names = this.client
        .listAll<RemoteResource>(KIND[kind].path)
        .then((items) => new Map(items.map((r) => [r.id, r.name ?? r.id])))
        // Names are a nicety: without them, IDs are shown.
        .catch(() => new Map<string, string>());
      this.cache.set(kind, names);
    }
    return names;
  }

  /** The name of a loaded resource, or its ID. */
  async name(kind: KindName, id: unknown): Promise<string | undefined> {
    if (typeof id !== 'string') return undefined;
    return (await this.of(kind)).get(id) ?? id;
  }
}

/**
 * A resource as the estate file would declare it (names instead of IDs, the file's
 * field names), followed by what the API says about it (ID, state, version…).
 */
export async function fileView(
  kind: KindName,
  resource: RemoteResource,
  names: Names,
): Promise<Record<string, unknown>> {
  const kindsUsed: KindName[] =
    kind === 'plan' ? ['application', 'pair'] : kind === 'pair' ? ['application', 'site'] : ['site'];
  const maps = new Map<KindName, Map<string, string>>();
  for (const k of kindsUsed) maps.set(k, await names.of(k));
  const view = mapRefs(kind, toFileFields(kind, resource), (k, id) => maps.get(k)?.get(id) ?? id);
  const status = Object.keys(view).filter((k) => STATUS_FIELDS.includes(k));
  const declared = Object.keys(view).filter((k) => k !== 'name' && !STATUS_FIELDS.includes(k));
  const ordered: Record<string, unknown> = {};
  for (const key of [
    'name',
    ...declared,
    ...status.sort((a, b) => STATUS_FIELDS.indexOf(a) - STATUS_FIELDS.indexOf(b)),
  ]) {
    if (view[key] !== null && view[key] !== undefined) ordered[key] = view[key];
  }
  return ordered;
}

/** What the API says about a resource rather than what the file declares: shown after the declared fields. */
const STATUS_FIELDS = [
  'id',
  'state',
  'lagSeconds',
  'lastRecoveryPointAt',
  'clientSecretSet',
  'sourceSiteId',
  'targetSiteId',
  'version',
  'createdAt',
  'updatedAt',
];

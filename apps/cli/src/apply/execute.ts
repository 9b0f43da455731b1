import { ApiClient, ApiError } from '../api-client';
import { CliError, exitCodeForStatus } from '../exit-codes';
import { formatViolation } from '../output';
import { entryLabel } from './estate';
import {
  Fields,
  fileFieldPath,
  isPlainObject,
  KIND,
  LAG_SOURCE_SECRETS,
  mapRefs,
  PHASES,
  toApiFields,
} from './kinds';
import { Change, ChangePlan, RefIndex } from './plan';

/**
 * The body of the request that makes one change: the file's fields (all of them on
 * create, the differing ones on update) with names turned into IDs. Write-only
 * secrets go on create; on update only with --update-secrets, or when the API
 * needs them (a lag source that changes kind).
 */
export function requestBody(change: Change, refs: RefIndex, updateSecrets: boolean): Fields {
  const entry = change.entry!;
  const creating = change.action === 'create';
  const picked: Fields = {};
  for (const field of creating ? Object.keys(entry.fields) : change.fields)
    picked[field] = entry.fields[field];
  if (!creating && !updateSecrets) {
    if (entry.kind === 'pair' && isPlainObject(picked.lagSource)) {
      const currentKind = isPlainObject(change.remote?.lagSource) ? change.remote!.lagSource.kind : undefined;
      if (currentKind === picked.lagSource.kind) {
        // Same kind: the API keeps the stored URLs when they are left out.
        picked.lagSource = Object.fromEntries(
          Object.entries(picked.lagSource).filter(([k]) => !LAG_SOURCE_SECRETS.includes(k)),
        );
      }
    }
    if (entry.kind === 'plan' && Array.isArray(picked.groups))
      picked.groups = withoutKeptSecrets(picked.groups, change.remote?.groups);
  }
  const withIds = mapRefs(entry.kind, picked, (kind, handle) => refs.idOf(kind, handle) ?? handle);
  return toApiFields(entry.kind, withIds);
}

/** Step secrets the controller already holds for the same step (same place, kind and URL) are left out: it keeps them. */
function withoutKeptSecrets(groups: unknown[], current: unknown): unknown[] {
  const currentGroups = Array.isArray(current) ? current : [];
  return groups.map((group, g) => {
    if (!isPlainObject(group)) return group;
    const out: Fields = { ...group };
    for (const phase of PHASES) {
      if (!Array.isArray(out[phase])) continue;
      out[phase] = (out[phase] as unknown[]).map((step, i) => {
        if (!isPlainObject(step) || step.secret === undefined) return step;
        const held = currentGroups[g]?.[phase]?.[i];
        if (
          isPlainObject(held) &&
          held.kind === step.kind &&
          held.url === step.url &&
          held.secretSet === true
        ) {
          const { secret: _secret, ...rest } = step;
          return rest;
        }
        return step;
      });
    }
    return out;
  });
}

/** A change the API refused: which entry of the file, and its errors in the file's words. */
export class ApplyError extends CliError {
  constructor(
    change: Change,
    readonly apiError: ApiError,
  ) {
    const where = change.entry ? entryLabel(change.entry) : `${change.kind} ${change.name}`;
    const verb = { create: 'create', update: 'update', delete: 'delete', unchanged: 'read' }[change.action];
    const violations = apiError.violations.map((v) =>
      formatViolation({ ...v, field: fileFieldPath(change.kind, v.field) }).trim(),
    );
    super(
      `could not ${verb} ${where}: ${violations.length ? `the API refused it (${apiError.code})` : `${apiError.message}${apiError.code.startsWith('http-') ? '' : ` (${apiError.code})`}`}`,
      exitCodeForStatus(apiError.status),
      violations,
      apiError.code,
    );
    this.name = 'ApplyError';
  }
}

/** Makes the changes in order (creations and updates in dependency order, then deletions in reverse), stopping at the first refusal. */
export async function executePlan(
  client: ApiClient,
  plan: ChangePlan,
  options: { updateSecrets?: boolean },
  onApplied: (change: Change) => void,
): Promise<void> {
  for (const change of plan.changes) {
    const path = KIND[change.kind].path;
    try {
      if (change.action === 'create') {
        const created = await client.post<{ id: string }>(
          path,
          requestBody(change, plan.refs, !!options.updateSecrets),
        );
        plan.refs.register(change.kind, change.name, created.id);
      } else if (change.action === 'update') {
        const remote = change.remote!;
        await client.patch(
          `${path}/${remote.id}`,
          requestBody(change, plan.refs, !!options.updateSecrets),
          remote.version,
        );
      } else if (change.action === 'delete') {
        await client.delete(`${path}/${change.remote!.id}`, change.remote!.version);
      } else {
        continue;
      }
    } catch (err) {
      if (err instanceof ApiError) throw new ApplyError(change, err);
      throw err;
    }
    onApplied(change);
  }
}

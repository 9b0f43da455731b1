import { ArmError } from './arm-errors';
import { resourceId } from './resource-ids';
import { ResourceKind, applyPut, markProvisioned } from './routes/resource-crud';
import { Stamp } from './stamp';
import { Json, StoredResource } from './stamp-state';

// What every part of a seed needs: its error type, resource groups made on demand,
// references by name, and PUTs that go through ARM's own validation.

export class SeedError extends Error {
  constructor(
    message: string,
    readonly code = 'InvalidSeed',
    readonly where?: string,
  ) {
    super(message);
  }
}

export function ensureGroup(stamp: Stamp, name: unknown, where: string): string {
  if (typeof name !== 'string' || !name)
    throw new SeedError('resourceGroup is required', 'InvalidSeed', where);
  return stamp.state.resourceGroup(name)?.name ?? stamp.state.putResourceGroup(name, stamp.location, {}).name;
}

/** `name`, `resourceGroup/name` or a full resource ID, resolved to an existing resource. */
export function resolve(
  stamp: Stamp,
  fullType: string,
  ref: unknown,
  defaultRg: string,
  where: string,
): StoredResource {
  if (typeof ref !== 'string' || !ref)
    throw new SeedError(`a ${fullType} reference is required`, 'InvalidSeed', where);
  let found: StoredResource | undefined;
  if (ref.startsWith('/')) found = stamp.state.getTyped(fullType, ref);
  else if (ref.includes('/')) {
    const [rg, name] = ref.split('/');
    found = stamp.state.getTyped(fullType, resourceId(stamp.subscriptionId, rg, fullType, name));
  } else {
    const candidates = stamp.state.list(fullType).filter((r) => r.name.toLowerCase() === ref.toLowerCase());
    found =
      candidates.find((r) => r.resourceGroup.toLowerCase() === defaultRg.toLowerCase()) ?? candidates[0];
  }
  if (!found) throw new SeedError(`${fullType} '${ref}' is not in the estate`, 'InvalidSeed', where);
  return found;
}

export function put(
  stamp: Stamp,
  kind: ResourceKind,
  rg: string,
  name: unknown,
  body: Json,
  where: string,
): StoredResource {
  if (typeof name !== 'string' || !name) throw new SeedError('name is required', 'InvalidSeed', where);
  const resourceGroup = stamp.state.resourceGroup(rg)!;
  const existing = stamp.state.getTyped(
    kind.fullType,
    resourceId(stamp.subscriptionId, resourceGroup.name, kind.fullType, name),
  );
  try {
    const res = applyPut(
      kind,
      { stamp, resourceGroup, name, body: { location: stamp.location, ...body }, existing },
      'Succeeded',
    );
    markProvisioned(stamp, kind, res);
    return res;
  } catch (error) {
    if (error instanceof ArmError) throw new SeedError(error.message, error.code, where);
    throw error;
  }
}

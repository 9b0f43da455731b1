import { randomUUID } from 'node:crypto';
import { ArmContext } from '../arm-context';
import { ArmError, armErrors } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { resourceId } from '../resource-ids';
import { Stamp } from '../stamp';
import { Json, ResourceGroupRecord, StoredResource, keyOf } from '../stamp-state';
import { acceptAction, acceptPut } from './operations';

// The create/read/list/delete shape every tracked ARM resource shares. A resource kind
// supplies only what is particular to it: validation of a PUT body, how it renders, and
// what must hold before it may be deleted.

export interface ApplyInput {
  stamp: Stamp;
  resourceGroup: ResourceGroupRecord;
  name: string;
  body: Json;
  existing?: StoredResource;
}

/** What a kind decided from a PUT body; committed only once validation passed. */
export interface ResourceDraft {
  properties: Json;
  sku?: { name: string; tier?: string };
  internal?: Json;
  managedBy?: string;
}

export interface ResourceKind {
  namespace: string;
  type: string;
  fullType: string;
  /** Validates a PUT body and returns the resource's new content, or throws ArmError. */
  draft(input: ApplyInput, shell: StoredResource): ResourceDraft;
  /** Side effects once the draft is stored (attaching disks, claiming addresses). */
  afterCommit?(stamp: Stamp, resource: StoredResource, previous: ResourceDraft | undefined): void;
  renderProperties(stamp: Stamp, resource: StoredResource, ctx?: ArmContext): Json;
  assertDeletable?(stamp: Stamp, resource: StoredResource): void;
  onRemoved?(stamp: Stamp, resource: StoredResource): void;
  /** When the create/update operation finished (power state, etc). */
  onProvisioned?(stamp: Stamp, resource: StoredResource): void;
  /** ARM's network resources carry etags; compute ones do not. */
  etags?: boolean;
}

export function requireResourceGroup(stamp: Stamp, name: string): ResourceGroupRecord {
  const rg = stamp.state.resourceGroup(name);
  if (!rg) throw armErrors.resourceGroupNotFound(name);
  return rg;
}

export function requireResource(stamp: Stamp, kind: ResourceKind, rg: string, name: string): StoredResource {
  const res = stamp.state.getTyped(kind.fullType, resourceId(stamp.subscriptionId, rg, kind.fullType, name));
  if (!res) throw armErrors.resourceNotFound(kind.fullType, name, rg);
  return res;
}

function normaliseLocation(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

/** The checks ARM makes on every tracked resource body before the provider sees it. */
export function checkEnvelope(stamp: Stamp, kind: ResourceKind, name: string, body: Json): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.',
    );
  }
  if (typeof body.location !== 'string' || body.location.length === 0) {
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  if (normaliseLocation(body.location) !== normaliseLocation(stamp.location)) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${body.location}' is not available for resource type '${kind.fullType}'. ` +
        `List of available regions for the resource type is '${stamp.location}'.`,
    );
  }
  if (Array.isArray(body.zones) && body.zones.length > 0) {
    throw armErrors.zonesNotSupported(kind.fullType, name, stamp.location);
  }
  if (body.tags !== undefined && (typeof body.tags !== 'object' || body.tags === null)) {
    throw new ArmError(400, 'InvalidTag', 'The tags must be an object of string values.');
  }
}

/** Validates and stores a PUT; shared by the ARM route and the seeder. */
export function applyPut(kind: ResourceKind, input: ApplyInput, provisioningState: string): StoredResource {
  const { stamp, resourceGroup, name, body, existing } = input;
  checkEnvelope(stamp, kind, name, body);
  const id = existing?.id ?? resourceId(stamp.subscriptionId, resourceGroup.name, kind.fullType, name);
  const shell: StoredResource = existing ?? {
    id,
    key: keyOf(id),
    name,
    fullType: kind.fullType,
    resourceGroup: resourceGroup.name,
    location: stamp.location,
    tags: {},
    properties: {},
    internal: {},
    etag: '',
  };
  const previous: ResourceDraft | undefined = existing
    ? {
        properties: existing.properties,
        sku: existing.sku,
        internal: existing.internal,
        managedBy: existing.managedBy,
      }
    : undefined;
  const draft = kind.draft(input, shell);
  shell.tags = stringTags(body.tags);
  shell.properties = { ...draft.properties, provisioningState };
  shell.sku = draft.sku;
  shell.internal = draft.internal ?? shell.internal;
  if (draft.managedBy !== undefined) shell.managedBy = draft.managedBy;
  shell.etag = `W/"${randomUUID()}"`;
  if (!existing) stamp.state.put(shell);
  kind.afterCommit?.(stamp, shell, previous);
  return shell;
}

export function markProvisioned(stamp: Stamp, kind: ResourceKind, resource: StoredResource): void {
  if (stamp.state.getTyped(kind.fullType, resource.id) !== resource) return;
  resource.properties.provisioningState = 'Succeeded';
  kind.onProvisioned?.(stamp, resource);
}

export function stringTags(tags: unknown): Record<string, string> {
  if (!tags || typeof tags !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags as Record<string, unknown>)) out[k] = String(v);
  return out;
}

export function render(stamp: Stamp, kind: ResourceKind, res: StoredResource, ctx?: ArmContext): Json {
  const body: Json = {
    id: res.id,
    name: res.name,
    type: kind.fullType,
    location: res.location,
    tags: res.tags,
  };
  if (kind.etags) body.etag = res.etag;
  if (res.sku) body.sku = res.sku;
  if (res.managedBy) body.managedBy = res.managedBy;
  body.properties = kind.renderProperties(stamp, res, ctx);
  return body;
}

/** Deletes at once (seeding, resource-group teardown); ARM deletes go through an operation. */
export function removeNow(stamp: Stamp, kind: ResourceKind, res: StoredResource): void {
  if (stamp.state.remove(res)) kind.onRemoved?.(stamp, res);
}

export function registerResourceKind(router: ArmRouter, kind: ResourceKind): void {
  const scope = { namespace: kind.namespace, resourceType: kind.type };
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${kind.namespace}/${kind.type}`;

  router.arm('PUT', `${base}/:name`, scope, (ctx) => {
    const { stamp } = ctx;
    const rg = requireResourceGroup(stamp, ctx.params.rg);
    const existing = stamp.state.getTyped(
      kind.fullType,
      resourceId(stamp.subscriptionId, rg.name, kind.fullType, ctx.params.name),
    );
    const res = applyPut(
      kind,
      { stamp, resourceGroup: rg, name: ctx.params.name, body: ctx.body, existing },
      existing ? 'Updating' : 'Creating',
    );
    return acceptPut(
      ctx,
      {
        namespace: kind.namespace,
        resourceType: kind.type,
        complete: () => markProvisioned(stamp, kind, res),
        onFailed: () => {
          res.properties.provisioningState = 'Failed';
        },
      },
      !existing,
      render(stamp, kind, res, ctx),
    );
  });

  router.arm('PATCH', `${base}/:name`, scope, (ctx) => {
    const { stamp } = ctx;
    requireResourceGroup(stamp, ctx.params.rg);
    const res = requireResource(stamp, kind, ctx.params.rg, ctx.params.name);
    // Tags are what clients PATCH in practice; the rest of a resource changes by PUT.
    if (ctx.body && typeof ctx.body === 'object' && ctx.body.tags !== undefined)
      res.tags = stringTags(ctx.body.tags);
    res.properties.provisioningState = 'Updating';
    return acceptPut(
      ctx,
      {
        namespace: kind.namespace,
        resourceType: kind.type,
        complete: () => markProvisioned(stamp, kind, res),
      },
      false,
      render(stamp, kind, res, ctx),
    );
  });

  router.arm('GET', `${base}/:name`, scope, (ctx) => {
    requireResourceGroup(ctx.stamp, ctx.params.rg);
    const res = requireResource(ctx.stamp, kind, ctx.params.rg, ctx.params.name);
    return { status: 200, body: render(ctx.stamp, kind, res, ctx) };
  });

  router.arm('DELETE', `${base}/:name`, scope, (ctx) => {
    const { stamp } = ctx;
    requireResourceGroup(stamp, ctx.params.rg);
    const id = resourceId(stamp.subscriptionId, ctx.params.rg, kind.fullType, ctx.params.name);
    const res = stamp.state.getTyped(kind.fullType, id);
    // ARM deletes are idempotent: deleting what is not there is a success.
    if (!res) return { status: 204 };
    kind.assertDeletable?.(stamp, res);
    res.properties.provisioningState = 'Deleting';
    return acceptAction(ctx, {
      namespace: kind.namespace,
      resourceType: kind.type,
      complete: () => removeNow(stamp, kind, res),
      onFailed: () => {
        res.properties.provisioningState = 'Failed';
      },
    });
  });

  router.arm('GET', base, scope, (ctx) => {
    requireResourceGroup(ctx.stamp, ctx.params.rg);
    const value = ctx.stamp.state
      .list(kind.fullType, ctx.params.rg)
      .map((r) => render(ctx.stamp, kind, r, ctx));
    return { status: 200, body: { value } };
  });

  router.arm('GET', `/subscriptions/:sub/providers/${kind.namespace}/${kind.type}`, scope, (ctx) => {
    const value = ctx.stamp.state.list(kind.fullType).map((r) => render(ctx.stamp, kind, r, ctx));
    return { status: 200, body: { value } };
  });
}

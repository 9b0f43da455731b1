import { ArmContext } from '../arm-context';
import { ArmError } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { Json } from '../stamp-state';
import { RESOURCE_KINDS } from './kinds';
import { requireResourceGroup } from './resource-crud';

// Microsoft.Resources' generic listing (`/resources`), with the $filter clauses clients
// use to find resources by type or tag, e.g. recovery-point snapshots by source VM.

interface Filter {
  resourceType?: string;
  tagName?: string;
  tagValue?: string;
  name?: string;
}

export function parseResourceFilter(text: string | null): Filter {
  const filter: Filter = {};
  if (!text) return filter;
  for (const clause of text.split(/\s+and\s+/i)) {
    const m = /^\s*(resourceType|tagName|tagValue|name)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!m) {
      throw new ArmError(
        400,
        'InvalidFilterInQueryString',
        `Invalid $filter '${text}' specified in the query string.`,
      );
    }
    const key = (['resourceType', 'tagName', 'tagValue', 'name'] as const).find(
      (k) => k.toLowerCase() === m[1].toLowerCase(),
    )!;
    filter[key] = m[2].replace(/''/g, "'");
  }
  return filter;
}

function list(ctx: ArmContext, resourceGroup?: string): Json[] {
  const filter = parseResourceFilter(ctx.query.get('$filter'));
  const out: Json[] = [];
  for (const kind of RESOURCE_KINDS) {
    if (filter.resourceType && filter.resourceType.toLowerCase() !== kind.fullType.toLowerCase()) continue;
    for (const r of ctx.stamp.state.list(kind.fullType, resourceGroup)) {
      if (filter.name && filter.name.toLowerCase() !== r.name.toLowerCase()) continue;
      if (filter.tagName) {
        const key = Object.keys(r.tags).find((k) => k.toLowerCase() === filter.tagName!.toLowerCase());
        if (key === undefined) continue;
        if (filter.tagValue !== undefined && r.tags[key] !== filter.tagValue) continue;
      }
      const item: Json = { id: r.id, name: r.name, type: kind.fullType, location: r.location, tags: r.tags };
      if (r.sku) item.sku = r.sku;
      if (r.managedBy) item.managedBy = r.managedBy;
      out.push(item);
    }
  }
  return out;
}

export function registerGenericResourceRoutes(router: ArmRouter): void {
  const scope = { namespace: 'Microsoft.Resources', resourceType: 'resources' };
  router.arm('GET', '/subscriptions/:sub/resources', scope, (ctx) => ({
    status: 200,
    body: { value: list(ctx) },
  }));
  router.arm('GET', '/subscriptions/:sub/resourceGroups/:rg/resources', scope, (ctx) => {
    const rg = requireResourceGroup(ctx.stamp, ctx.params.rg);
    return { status: 200, body: { value: list(ctx, rg.name) } };
  });
}

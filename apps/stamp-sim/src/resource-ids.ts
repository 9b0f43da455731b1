// ARM resource IDs. ARM treats them case-insensitively, so lookups use the
// lower-cased form while responses keep the casing the resource was created with.

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  namespace: string;
  /** e.g. `virtualNetworks` or `virtualNetworks/subnets` */
  type: string;
  /** e.g. `vnet1` or `vnet1/sn1` (one name per type segment) */
  names: string[];
}

export function resourceId(
  subscriptionId: string,
  resourceGroup: string,
  fullType: string,
  name: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${fullType}/${name}`;
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function parseResourceId(id: unknown): ParsedResourceId | undefined {
  if (typeof id !== 'string') return undefined;
  const segments = id.split('/').filter((s) => s.length > 0);
  if (segments.length < 8 || segments.length % 2 !== 0) return undefined;
  if (segments[0].toLowerCase() !== 'subscriptions') return undefined;
  if (segments[2].toLowerCase() !== 'resourcegroups') return undefined;
  if (segments[4].toLowerCase() !== 'providers') return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 6; i < segments.length; i += 2) {
    types.push(segments[i]);
    names.push(segments[i + 1]);
  }
  return {
    subscriptionId: segments[1],
    resourceGroup: segments[3],
    namespace: segments[5],
    type: types.join('/'),
    names,
  };
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function fullTypeOf(parsed: ParsedResourceId): string {
  return `${parsed.namespace}/${parsed.type}`.toLowerCase();
}

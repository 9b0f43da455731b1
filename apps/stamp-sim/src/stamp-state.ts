import { parseResourceId, resourceGroupId } from './resource-ids';

// The resources one stamp holds, in memory. Resource bodies are plain JSON because
// that is what ARM stores and returns; `internal` carries what ARM keeps but does not
// show the same way (power state, SAS grants, allocated addresses).

export type Json = any;

export interface StoredResource {
  id: string;
  key: string;
  name: string;
  /** canonical casing, e.g. `Microsoft.Compute/virtualMachines` */
  fullType: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  sku?: { name: string; tier?: string };
  managedBy?: string;
  properties: Json;
  internal: Json;
  etag: string;
}

export interface ResourceGroupRecord {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  provisioningState: 'Succeeded' | 'Deleting';
}

export function keyOf(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}

export class StampState {
  readonly resourceGroups = new Map<string, ResourceGroupRecord>();
  private readonly byType = new Map<string, Map<string, StoredResource>>();

  constructor(readonly subscriptionId: string) {}

  resourceGroup(name: string): ResourceGroupRecord | undefined {
    return this.resourceGroups.get(name.toLowerCase());
  }

  putResourceGroup(name: string, location: string, tags: Record<string, string>): ResourceGroupRecord {
    const existing = this.resourceGroup(name);
    if (existing) {
      existing.tags = tags;
      return existing;
    }
    const record: ResourceGroupRecord = {
      id: resourceGroupId(this.subscriptionId, name),
      name,
      location,
      tags,
      provisioningState: 'Succeeded',
    };
    this.resourceGroups.set(name.toLowerCase(), record);
    return record;
  }

  removeResourceGroup(name: string): void {
    this.resourceGroups.delete(name.toLowerCase());
  }

  private table(fullType: string): Map<string, StoredResource> {
    const lower = fullType.toLowerCase();
    let table = this.byType.get(lower);
    if (!table) {
      table = new Map();
      this.byType.set(lower, table);
    }
    return table;
  }

  /** Looks a top-level resource up by any casing of its ID. */
  get(id: string): StoredResource | undefined {
    const parsed = parseResourceId(id);
    if (!parsed || parsed.names.length !== 1) return undefined;
    return this.byType.get(`${parsed.namespace}/${parsed.type}`.toLowerCase())?.get(keyOf(id));
  }

  getTyped(fullType: string, id: string): StoredResource | undefined {
    return this.byType.get(fullType.toLowerCase())?.get(keyOf(id));
  }

  put(resource: StoredResource): void {
    this.table(resource.fullType).set(resource.key, resource);
  }

  remove(resource: StoredResource): boolean {
    const table = this.table(resource.fullType);
    if (table.get(resource.key) !== resource) return false;
    table.delete(resource.key);
    return true;
  }

  list(fullType: string, resourceGroup?: string): StoredResource[] {
    const table = this.byType.get(fullType.toLowerCase());
    if (!table) return [];
    const all = [...table.values()];
    if (resourceGroup === undefined) return all;
    const rg = resourceGroup.toLowerCase();
    return all.filter((r) => r.resourceGroup.toLowerCase() === rg);
  }

  inResourceGroup(resourceGroup: string): StoredResource[] {
    const rg = resourceGroup.toLowerCase();
    const out: StoredResource[] = [];
    for (const table of this.byType.values()) {
      for (const r of table.values()) if (r.resourceGroup.toLowerCase() === rg) out.push(r);
    }
    return out;
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = { resourceGroups: this.resourceGroups.size };
    for (const table of this.byType.values()) {
      const first = table.values().next().value;
      if (!first) continue;
      const shortType = first.fullType.split('/').pop() as string;
      counts[shortType] = table.size;
    }
    return counts;
  }

  clear(): void {
    this.resourceGroups.clear();
    this.byType.clear();
  }
}

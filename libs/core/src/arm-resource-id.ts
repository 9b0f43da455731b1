/**
 * Azure Resource Manager resource ids:
 *
 *   /subscriptions/{guid}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{childType}/{childName}]...
 *
 * ARM treats ids case-insensitively, and stamps return them with inconsistent
 * casing (`resourcegroups` vs `resourceGroups`), so parsing is case-insensitive and
 * comparisons go through `normaliseArmResourceId`.
 *
 * Only resources inside a resource group are ids here: that is everything
 * Twinsite protects or remaps (VMs, disks, NICs, VNets, subnets, NSGs, public IPs,
 * load balancers). Subscription- and resource-group-level ids, and extension
 * resources (a second `/providers/` segment), are not accepted.
 */
export interface ArmResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** Provider namespace as written in the id, e.g. `Microsoft.Network`. */
  provider: string;
  /** Resource type path segments, e.g. `['virtualNetworks', 'subnets']`. */
  types: string[];
  /** One name per type, e.g. `['vnet-a', 'default']`. */
  names: string[];
  /** Full type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  /** The resource's own (last) name. */
  name: string;
}

/** What `formatArmResourceId` needs; a parsed `ArmResourceId` satisfies it. */
export interface ArmResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  types: readonly string[];
  names: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ARM's resource group rule: 1-90 of letters, digits, underscore, hyphen, period,
// parentheses (Unicode letters and digits included), not ending in a period.
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
// Namespaces are dotted identifiers: Microsoft.Compute, Microsoft.AzureStackHCI.
const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const TYPE_SEGMENT = /^[A-Za-z][A-Za-z0-9]*$/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function isValidResourceGroupName(name: string): boolean {
  return RESOURCE_GROUP.test(name) && !name.endsWith('.');
}

/** Returns the parts of a resource id, or null when it is not a well-formed one. */
export function parseArmResourceId(id: string): ArmResourceId | null {
  if (typeof id !== 'string' || !id.startsWith('/')) {
    return null;
  }
  const segments = id.slice(1).split('/');
  // Fixed prefix: subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}, then
  // at least one type/name pair, always in pairs.
  if (segments.length < 8 || segments.length % 2 !== 0) {
    return null;
  }
  const [subscriptionsKeyword, subscriptionId, groupsKeyword, resourceGroup, providersKeyword, provider] =
    segments;
  if (
    !equalsIgnoreCase(subscriptionsKeyword, 'subscriptions') ||
    !equalsIgnoreCase(groupsKeyword, 'resourceGroups') ||
    !equalsIgnoreCase(providersKeyword, 'providers') ||
    !isGuid(subscriptionId) ||
    !isValidResourceGroupName(resourceGroup) ||
    !NAMESPACE.test(provider)
  ) {
    return null;
  }
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 6; i < segments.length; i += 2) {
    const type = segments[i];
    const name = segments[i + 1];
    if (!TYPE_SEGMENT.test(type) || !isValidName(name) || equalsIgnoreCase(type, 'providers')) {
      return null;
    }
    types.push(type);
    names.push(name);
  }
  return {
    subscriptionId,
    resourceGroup,
    provider,
    types,
    names,
    type: [provider, ...types].join('/'),
    name: names[names.length - 1],
  };
}

/**
 * True when `id` is a well-formed resource id; with `expectedType`
 * (`Microsoft.Compute/virtualMachines`), also when it is of that type, compared
 * case-insensitively.
 */
export function isArmResourceId(id: string, expectedType?: string): boolean {
  const parsed = parseArmResourceId(id);
  if (parsed === null) {
    return false;
  }
  return expectedType === undefined || equalsIgnoreCase(parsed.type, expectedType);
}

/**
 * Builds an id with ARM's canonical keyword casing. Throws a RangeError for parts
 * that would not parse back, so a malformed id never reaches an ARM request.
 */
export function formatArmResourceId(parts: ArmResourceIdParts): string {
  const { subscriptionId, resourceGroup, provider, types, names } = parts;
  if (types.length === 0 || types.length !== names.length) {
    throw new RangeError(
      `a resource id needs one name per type and at least one type (got ${types.length} types, ${names.length} names)`,
    );
  }
  const tail = types.flatMap((type, i) => [type, names[i]]).join('/');
  const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${provider}/${tail}`;
  if (parseArmResourceId(id) === null) {
    throw new RangeError(`not a valid resource id: ${id}`);
  }
  return id;
}

/**
 * Lower-cases an id for comparison and as a map key. It deliberately does not
 * validate: ids we cannot parse (extension resources, ids from newer APIs) must
 * still compare equal to themselves regardless of casing.
 */
export function normaliseArmResourceId(id: string): string {
  return id.toLowerCase();
}

/** True when both ids name the same resource, as ARM would decide. */
export function sameArmResourceId(a: string, b: string): boolean {
  return normaliseArmResourceId(a) === normaliseArmResourceId(b);
}

/**
 * The id of the parent resource (a subnet's VNet), or null for a top-level
 * resource or an invalid id.
 */
export function parentArmResourceId(id: string): string | null {
  const parsed = parseArmResourceId(id);
  if (parsed === null || parsed.types.length < 2) {
    return null;
  }
  return formatArmResourceId({
    ...parsed,
    types: parsed.types.slice(0, -1),
    names: parsed.names.slice(0, -1),
  });
}

function isValidName(name: string): boolean {
  // Names cannot be empty (that would be a `//`), and ARM forbids these characters
  // in every resource name; rejecting them also keeps ids safe to put in URLs.
  return name.length > 0 && !/[<>%&\\?#]/.test(name) && name.trim() === name;
}

function equalsIgnoreCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { cidrContains, cidrsOverlap, parseCidr } from '../ipv4';
import { Stamp } from '../stamp';
import { Json, StoredResource, keyOf } from '../stamp-state';
import { NSG, VNET, addressesInSubnet, ref, requireRef, subnetId, subnetUsers } from './network-refs';
import { acceptAction, acceptPut } from './operations';
import { ResourceKind, requireResource, requireResourceGroup } from './resource-crud';

// Virtual networks, and their subnets both inline and as the child resource
// `.../virtualNetworks/{vnet}/subnets/{subnet}`. A subnet that holds addresses cannot
// be removed, by either route, as ARM refuses it (InUseSubnetCannotBeDeleted).

function subnetInUseError(stamp: Stamp, vnet: StoredResource, name: string): ArmError | undefined {
  const users = subnetUsers(stamp, keyOf(subnetId(vnet, name)));
  if (users.length === 0) return undefined;
  return new ArmError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${name} is in use by ${users[0]} and cannot be deleted. ` +
      'In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.',
  );
}

/** Validates a whole subnet list against the vnet's address space; returns stored entries. */
function validateSubnets(
  stamp: Stamp,
  vnetName: string,
  vnetId: string,
  prefixes: string[],
  subnets: Json[],
  existing: StoredResource | undefined,
): Json[] {
  const spaces = prefixes.map((p) => parseCidr(p)!);
  const seen: Array<{ name: string; cidr: ReturnType<typeof parseCidr> }> = [];
  const out: Json[] = [];
  for (const raw of subnets) {
    const name = raw?.name;
    if (typeof name !== 'string' || !name) {
      throw new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request: every subnet needs a name.');
    }
    const prefix = raw.properties?.addressPrefix;
    const cidr = typeof prefix === 'string' ? parseCidr(prefix) : undefined;
    if (!cidr) {
      throw new ArmError(
        400,
        'InvalidAddressPrefixFormat',
        `Address prefix ${prefix ?? '(null)'} of resource ${vnetId}/subnets/${name} is not formatted correctly.`,
      );
    }
    if (!spaces.some((space) => cidrContains(space, cidr))) {
      throw new ArmError(
        400,
        'NetcfgSubnetRangeOutsideVnet',
        `Subnet '${name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
      );
    }
    const clash = seen.find(
      (s) => s.name.toLowerCase() === name.toLowerCase() || cidrsOverlap(s.cidr!, cidr),
    );
    if (clash) {
      throw new ArmError(
        400,
        clash.name.toLowerCase() === name.toLowerCase()
          ? 'DuplicateResourceName'
          : 'NetcfgSubnetRangesOverlap',
        clash.name.toLowerCase() === name.toLowerCase()
          ? `Virtual network ${vnetName} has two subnets named ${name}.`
          : `Subnet '${name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
      );
    }
    seen.push({ name, cidr });
    const properties: Json = { addressPrefix: prefix };
    const nsgId = raw.properties?.networkSecurityGroup?.id;
    if (nsgId)
      properties.networkSecurityGroup = ref(requireRef(stamp, NSG, nsgId, `${vnetId}/subnets/${name}`).id);
    if (raw.properties?.routeTable?.id) properties.routeTable = { id: raw.properties.routeTable.id };
    if (raw.properties?.serviceEndpoints) properties.serviceEndpoints = raw.properties.serviceEndpoints;
    out.push({ name, properties });
  }
  if (existing) {
    for (const old of existing.properties.subnets as Json[]) {
      const replacement = out.find((s) => s.name.toLowerCase() === String(old.name).toLowerCase());
      if (!replacement) {
        const inUse = subnetInUseError(stamp, existing, old.name);
        if (inUse) throw inUse;
        continue;
      }
      const newCidr = parseCidr(replacement.properties.addressPrefix)!;
      const users = addressesInSubnet(stamp, keyOf(subnetId(existing, old.name)));
      const outside = users.find((u) => u.ip < newCidr.network || u.ip >= newCidr.network + newCidr.size);
      if (outside) {
        throw new ArmError(
          400,
          'InUseSubnetCannotBeUpdated',
          `Subnet ${old.name} is in use by ${outside.owner} and cannot be updated: the address would leave the subnet's range.`,
        );
      }
    }
  }
  return out;
}

function renderSubnet(stamp: Stamp, vnet: StoredResource, subnet: Json): Json {
  const id = subnetId(vnet, subnet.name);
  const users = subnetUsers(stamp, keyOf(id));
  const properties: Json = {
    ...subnet.properties,
    provisioningState: subnet.provisioningState ?? 'Succeeded',
  };
  if (users.length > 0) properties.ipConfigurations = users.map(ref);
  return { id, name: subnet.name, etag: vnet.etag, type: `${VNET}/subnets`, properties };
}

export const virtualNetworkKind: ResourceKind = {
  namespace: 'Microsoft.Network',
  type: 'virtualNetworks',
  fullType: VNET,
  etags: true,
  draft({ stamp, name, body, existing }, shell) {
    const p = body.properties ?? {};
    const prefixes = p.addressSpace?.addressPrefixes;
    if (!Array.isArray(prefixes) || prefixes.length === 0) {
      throw new ArmError(
        400,
        'InvalidRequestFormat',
        'Cannot parse the request: addressSpace.addressPrefixes is required.',
      );
    }
    for (const prefix of prefixes) {
      if (!parseCidr(prefix)) {
        throw new ArmError(
          400,
          'InvalidAddressPrefixFormat',
          `Address prefix ${prefix} of resource ${shell.id} is not formatted correctly.`,
        );
      }
    }
    const subnets = validateSubnets(
      stamp,
      name,
      shell.id,
      prefixes,
      Array.isArray(p.subnets) ? p.subnets : [],
      existing,
    );
    const properties: Json = {
      addressSpace: { addressPrefixes: [...prefixes] },
      subnets,
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
      resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
    };
    if (p.dhcpOptions) properties.dhcpOptions = p.dhcpOptions;
    return { properties };
  },
  renderProperties(stamp, vnet) {
    const { subnets, ...rest } = vnet.properties;
    return { ...rest, subnets: (subnets as Json[]).map((s) => renderSubnet(stamp, vnet, s)) };
  },
  assertDeletable(stamp, vnet) {
    for (const subnet of vnet.properties.subnets as Json[]) {
      const inUse = subnetInUseError(stamp, vnet, subnet.name);
      if (inUse) throw inUse;
    }
  },
};

export function registerSubnetRoutes(router: ArmRouter): void {
  const scope = { namespace: 'Microsoft.Network', resourceType: 'virtualNetworks' };
  const base =
    '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Network/virtualNetworks/:vnet/subnets';
  const vnetOf = (stamp: Stamp, rg: string, name: string) => {
    requireResourceGroup(stamp, rg);
    return requireResource(stamp, virtualNetworkKind, rg, name);
  };
  const findEntry = (vnet: StoredResource, name: string) =>
    (vnet.properties.subnets as Json[]).find((s) => String(s.name).toLowerCase() === name.toLowerCase());
  const notFound = (vnet: StoredResource, name: string) =>
    armErrors.resourceNotFound(`${VNET}/subnets`, `${vnet.name}/${name}`, vnet.resourceGroup);

  router.arm('GET', base, scope, (ctx) => {
    const vnet = vnetOf(ctx.stamp, ctx.params.rg, ctx.params.vnet);
    return {
      status: 200,
      body: { value: (vnet.properties.subnets as Json[]).map((s) => renderSubnet(ctx.stamp, vnet, s)) },
    };
  });

  router.arm('GET', `${base}/:name`, scope, (ctx) => {
    const vnet = vnetOf(ctx.stamp, ctx.params.rg, ctx.params.vnet);
    const entry = findEntry(vnet, ctx.params.name);
    if (!entry) throw notFound(vnet, ctx.params.name);
    return { status: 200, body: renderSubnet(ctx.stamp, vnet, entry) };
  });

  router.arm('PUT', `${base}/:name`, scope, (ctx) => {
    const { stamp } = ctx;
    const vnet = vnetOf(stamp, ctx.params.rg, ctx.params.vnet);
    const name = ctx.params.name;
    const current = vnet.properties.subnets as Json[];
    const existing = findEntry(vnet, name);
    const others = current.filter((s) => s !== existing);
    const candidate = [...others, { name: existing?.name ?? name, properties: ctx.body?.properties ?? {} }];
    const validated = validateSubnets(
      stamp,
      vnet.name,
      vnet.id,
      vnet.properties.addressSpace.addressPrefixes,
      candidate,
      vnet,
    );
    const entry = validated[validated.length - 1];
    entry.provisioningState = existing ? 'Updating' : 'Creating';
    vnet.properties.subnets = current.map((s) => (s === existing ? entry : s));
    if (!existing) vnet.properties.subnets.push(entry);
    return acceptPut(
      ctx,
      {
        namespace: 'Microsoft.Network',
        resourceType: 'virtualNetworks',
        complete: () => {
          entry.provisioningState = 'Succeeded';
        },
      },
      !existing,
      renderSubnet(stamp, vnet, entry),
    );
  });

  router.arm('DELETE', `${base}/:name`, scope, (ctx) => {
    const { stamp } = ctx;
    const vnet = vnetOf(stamp, ctx.params.rg, ctx.params.vnet);
    const entry = findEntry(vnet, ctx.params.name);
    if (!entry) return { status: 204 };
    const inUse = subnetInUseError(stamp, vnet, entry.name);
    if (inUse) throw inUse;
    entry.provisioningState = 'Deleting';
    return acceptAction(ctx, {
      namespace: 'Microsoft.Network',
      resourceType: 'virtualNetworks',
      complete: () => {
        vnet.properties.subnets = (vnet.properties.subnets as Json[]).filter((s) => s !== entry);
      },
    });
  });
}

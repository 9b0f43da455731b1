import { randomUUID } from 'node:crypto';
import { ArmError } from '../arm-errors';
import { Stamp } from '../stamp';
import { Json, StoredResource, keyOf } from '../stamp-state';
import { NIC, NSG, VNET, ref, subnetId } from './network-refs';
import { ResourceKind } from './resource-crud';

// Network security groups with their rules. The six default rules are what every Azure
// NSG carries, so a client comparing NSGs across stamps sees them as it would on Azure.

const DEFAULT_RULES: Array<[string, string, string, string, string, number, string]> = [
  [
    'AllowVnetInBound',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    'Inbound',
    65000,
    'Allow inbound traffic from all VMs in VNET',
  ],
  [
    'AllowAzureLoadBalancerInBound',
    'AzureLoadBalancer',
    '*',
    'Allow',
    'Inbound',
    65001,
    'Allow inbound traffic from azure load balancer',
  ],
  ['DenyAllInBound', '*', '*', 'Deny', 'Inbound', 65500, 'Deny all inbound traffic'],
  [
    'AllowVnetOutBound',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    'Outbound',
    65000,
    'Allow outbound traffic from all VMs to all VMs in VNET',
  ],
  [
    'AllowInternetOutBound',
    '*',
    'Internet',
    'Allow',
    'Outbound',
    65001,
    'Allow outbound traffic from all VMs to Internet',
  ],
  ['DenyAllOutBound', '*', '*', 'Deny', 'Outbound', 65500, 'Deny all outbound traffic'],
];

function defaultRules(nsgId: string): Json[] {
  return DEFAULT_RULES.map(([name, src, dst, access, direction, priority, description]) => ({
    id: `${nsgId}/defaultSecurityRules/${name}`,
    name,
    type: `${NSG}/defaultSecurityRules`,
    properties: {
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: src,
      destinationAddressPrefix: dst,
      access,
      priority,
      direction,
      provisioningState: 'Succeeded',
    },
  }));
}

const PROTOCOLS = ['tcp', 'udp', 'icmp', '*'];

function validateRule(nsgId: string, raw: Json, seen: Json[]): Json {
  const name = raw?.name;
  if (typeof name !== 'string' || !name) {
    throw new ArmError(
      400,
      'InvalidRequestFormat',
      'Cannot parse the request: every security rule needs a name.',
    );
  }
  const p = raw.properties ?? {};
  const ruleId = `${nsgId}/securityRules/${name}`;
  const priority = Number(p.priority);
  if (!Number.isInteger(priority) || priority < 100 || priority > 4096) {
    throw new ArmError(
      400,
      'SecurityRuleInvalidPriority',
      `Security rule ${ruleId} has invalid priority ${p.priority}. Value provided: ${p.priority} Allowed range 100-4096.`,
    );
  }
  const access = String(p.access ?? '');
  const direction = String(p.direction ?? '');
  if (!['allow', 'deny'].includes(access.toLowerCase())) {
    throw new ArmError(
      400,
      'SecurityRuleInvalidAccess',
      `Security rule ${ruleId} has invalid Access '${access}'.`,
    );
  }
  if (!['inbound', 'outbound'].includes(direction.toLowerCase())) {
    throw new ArmError(
      400,
      'SecurityRuleInvalidDirection',
      `Security rule ${ruleId} has invalid Direction '${direction}'.`,
    );
  }
  const protocol = String(p.protocol ?? '*');
  if (!PROTOCOLS.includes(protocol.toLowerCase())) {
    throw new ArmError(
      400,
      'SecurityRuleInvalidProtocol',
      `Security rule ${ruleId} has invalid Protocol '${protocol}'.`,
    );
  }
  const clash = seen.find(
    (r) =>
      r.properties.priority === priority && r.properties.direction.toLowerCase() === direction.toLowerCase(),
  );
  if (clash) {
    throw new ArmError(
      400,
      'SecurityRuleConflict',
      `Security rule ${name} conflicts with rule ${clash.name}. Rules cannot have the same Priority and Direction. ` +
        `To learn more, see aka.ms/nsgrules.`,
    );
  }
  const properties: Json = {
    protocol: cap(protocol),
    sourcePortRange: p.sourcePortRange ?? (p.sourcePortRanges ? undefined : '*'),
    destinationPortRange: p.destinationPortRange ?? (p.destinationPortRanges ? undefined : '*'),
    sourceAddressPrefix: p.sourceAddressPrefix ?? (p.sourceAddressPrefixes ? undefined : '*'),
    destinationAddressPrefix: p.destinationAddressPrefix ?? (p.destinationAddressPrefixes ? undefined : '*'),
    access: cap(access),
    priority,
    direction: cap(direction),
  };
  for (const plural of [
    'sourcePortRanges',
    'destinationPortRanges',
    'sourceAddressPrefixes',
    'destinationAddressPrefixes',
  ]) {
    if (Array.isArray(p[plural])) properties[plural] = p[plural];
  }
  if (p.description) properties.description = p.description;
  for (const key of Object.keys(properties)) if (properties[key] === undefined) delete properties[key];
  return { name, properties };
}

function cap(value: string): string {
  return value === '*' ? '*' : value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

function users(stamp: Stamp, nsg: StoredResource): { nics: string[]; subnets: string[] } {
  const nics = stamp.state
    .list(NIC)
    .filter(
      (n) => n.properties.networkSecurityGroup && keyOf(n.properties.networkSecurityGroup.id) === nsg.key,
    )
    .map((n) => n.id);
  const subnets: string[] = [];
  for (const vnet of stamp.state.list(VNET)) {
    for (const s of vnet.properties.subnets as Json[]) {
      const id = s.properties.networkSecurityGroup?.id;
      if (id && keyOf(id) === nsg.key) subnets.push(subnetId(vnet, s.name));
    }
  }
  return { nics, subnets };
}

export const networkSecurityGroupKind: ResourceKind = {
  namespace: 'Microsoft.Network',
  type: 'networkSecurityGroups',
  fullType: NSG,
  etags: true,
  draft({ body, existing }, shell) {
    const rules = body.properties?.securityRules ?? [];
    if (!Array.isArray(rules)) {
      throw new ArmError(
        400,
        'InvalidRequestFormat',
        'Cannot parse the request: securityRules must be a list.',
      );
    }
    const validated: Json[] = [];
    for (const rule of rules) validated.push(validateRule(shell.id, rule, validated));
    return {
      properties: {
        securityRules: validated,
        resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
      },
    };
  },
  renderProperties(stamp, nsg) {
    const { nics, subnets } = users(stamp, nsg);
    const out: Json = {
      resourceGuid: nsg.properties.resourceGuid,
      provisioningState: nsg.properties.provisioningState,
      securityRules: (nsg.properties.securityRules as Json[]).map((r) => ({
        id: `${nsg.id}/securityRules/${r.name}`,
        name: r.name,
        etag: nsg.etag,
        type: `${NSG}/securityRules`,
        properties: { ...r.properties, provisioningState: 'Succeeded' },
      })),
      defaultSecurityRules: defaultRules(nsg.id),
    };
    if (nics.length) out.networkInterfaces = nics.map(ref);
    if (subnets.length) out.subnets = subnets.map(ref);
    return out;
  },
  assertDeletable(stamp, nsg) {
    const { nics, subnets } = users(stamp, nsg);
    const all = [...nics, ...subnets];
    if (all.length > 0) {
      throw new ArmError(
        400,
        'InUseNetworkSecurityGroupCannotBeDeleted',
        `Network security group ${nsg.id} cannot be deleted because it is in use by the following resources: ${all.join(', ')}. ` +
          'In order to delete the Network security group, remove the association with the resource(s).',
      );
    }
  },
};

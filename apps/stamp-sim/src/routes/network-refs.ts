import { armErrors } from '../arm-errors';
import { Cidr, parseCidr } from '../ipv4';
import { parseResourceId } from '../resource-ids';
import { Stamp } from '../stamp';
import { Json, StoredResource, keyOf } from '../stamp-state';

// Cross-references between network resources. ARM shows back-references (a subnet's
// ipConfigurations, an NSG's networkInterfaces, a pool's backendIPConfigurations);
// we store only the forward ones and derive the rest when rendering, so the two
// directions can never disagree.

export const VNET = 'Microsoft.Network/virtualNetworks';
export const NIC = 'Microsoft.Network/networkInterfaces';
export const PIP = 'Microsoft.Network/publicIPAddresses';
export const NSG = 'Microsoft.Network/networkSecurityGroups';
export const LB = 'Microsoft.Network/loadBalancers';

export interface SubnetRef {
  vnet: StoredResource;
  subnet: Json;
  cidr: Cidr;
  id: string;
}

export function subnetId(vnet: StoredResource, subnetName: string): string {
  return `${vnet.id}/subnets/${subnetName}`;
}

export function findSubnet(stamp: Stamp, id: unknown): SubnetRef | undefined {
  const parsed = parseResourceId(id);
  if (!parsed || parsed.type.toLowerCase() !== 'virtualnetworks/subnets') return undefined;
  if (parsed.namespace.toLowerCase() !== 'microsoft.network') return undefined;
  const vnetId = `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}/providers/${VNET}/${parsed.names[0]}`;
  const vnet = stamp.state.getTyped(VNET, vnetId);
  if (!vnet) return undefined;
  const wanted = parsed.names[1].toLowerCase();
  const subnet = (vnet.properties.subnets as Json[]).find((s) => String(s.name).toLowerCase() === wanted);
  if (!subnet) return undefined;
  const cidr = parseCidr(subnet.properties.addressPrefix);
  if (!cidr) return undefined;
  return { vnet, subnet, cidr, id: subnetId(vnet, subnet.name) };
}

export function requireSubnet(stamp: Stamp, id: unknown, referencedBy: string): SubnetRef {
  const found = findSubnet(stamp, id);
  if (!found) throw armErrors.invalidReference(String(id), referencedBy);
  return found;
}

export function requireRef(
  stamp: Stamp,
  fullType: string,
  id: unknown,
  referencedBy: string,
): StoredResource {
  const res = typeof id === 'string' ? stamp.state.getTyped(fullType, id) : undefined;
  if (!res) throw armErrors.invalidReference(String(id), referencedBy);
  return res;
}

/** A reference `{ id }` rendered with the casing of the resource it points to. */
export function ref(id: string): { id: string } {
  return { id };
}

export interface IpConfigUse {
  /** the ipConfiguration / frontendIPConfiguration ID holding the address */
  owner: string;
  ownerResource: StoredResource;
  ip: number;
}

/** Every private address claimed in a subnet, by NICs and load-balancer frontends. */
export function addressesInSubnet(stamp: Stamp, subnetKey: string): IpConfigUse[] {
  const out: IpConfigUse[] = [];
  for (const nic of stamp.state.list(NIC)) {
    for (const cfg of nic.properties.ipConfigurations as Json[]) {
      if (keyOf(cfg.properties.subnet.id) === subnetKey && cfg.internalIp !== undefined) {
        out.push({ owner: `${nic.id}/ipConfigurations/${cfg.name}`, ownerResource: nic, ip: cfg.internalIp });
      }
    }
  }
  for (const lb of stamp.state.list(LB)) {
    for (const fe of lb.properties.frontendIPConfigurations as Json[]) {
      const sid = fe.properties.subnet?.id;
      if (sid && keyOf(sid) === subnetKey && fe.internalIp !== undefined) {
        out.push({
          owner: `${lb.id}/frontendIPConfigurations/${fe.name}`,
          ownerResource: lb,
          ip: fe.internalIp,
        });
      }
    }
  }
  return out;
}

/** NIC ipConfigurations and LB frontends that sit in a subnet (for the subnet's back-reference). */
export function subnetUsers(stamp: Stamp, subnetKey: string): string[] {
  return addressesInSubnet(stamp, subnetKey).map((u) => u.owner);
}

/** Which ipConfiguration (NIC or LB frontend) holds a public IP, if any. */
export function publicIpHolder(stamp: Stamp, pipKey: string): string | undefined {
  for (const nic of stamp.state.list(NIC)) {
    for (const cfg of nic.properties.ipConfigurations as Json[]) {
      const id = cfg.properties.publicIPAddress?.id;
      if (id && keyOf(id) === pipKey) return `${nic.id}/ipConfigurations/${cfg.name}`;
    }
  }
  for (const lb of stamp.state.list(LB)) {
    for (const fe of lb.properties.frontendIPConfigurations as Json[]) {
      const id = fe.properties.publicIPAddress?.id;
      if (id && keyOf(id) === pipKey) return `${lb.id}/frontendIPConfigurations/${fe.name}`;
    }
  }
  return undefined;
}

/** NIC ipConfigurations that are members of a backend pool. */
export function poolMembers(stamp: Stamp, poolKey: string): string[] {
  const out: string[] = [];
  for (const nic of stamp.state.list(NIC)) {
    for (const cfg of nic.properties.ipConfigurations as Json[]) {
      const pools = (cfg.properties.loadBalancerBackendAddressPools ?? []) as Json[];
      if (pools.some((p) => keyOf(p.id) === poolKey)) out.push(`${nic.id}/ipConfigurations/${cfg.name}`);
    }
  }
  return out;
}

export function stripInternal<T extends Json>(item: T): T {
  const { internalIp: _ignored, ...rest } = item as Json;
  return rest as T;
}

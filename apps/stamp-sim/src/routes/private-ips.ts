import { ArmError } from '../arm-errors';
import { cidrHas, formatIp, isAzureReserved, nextFreeIp, parseIp } from '../ipv4';
import { Stamp } from '../stamp';
import { keyOf } from '../stamp-state';
import { SubnetRef, addressesInSubnet } from './network-refs';

// Private address assignment within a subnet, shared by NIC ipConfigurations and
// load-balancer frontends: a static address must be free, inside the subnet and not one
// of the five Azure keeps; a dynamic one is the next free address.

export interface ClaimInput {
  /** ID of the ipConfiguration / frontend asking */
  owner: string;
  /** key of the resource being written: its own current addresses do not count as taken */
  ownerResourceKey: string;
  method: 'Static' | 'Dynamic';
  requested?: string;
  /** the address this configuration had before, kept by a dynamic update */
  previous?: number;
  /** addresses claimed earlier in the same request */
  claimedNow: Set<number>;
}

export function claimPrivateIp(stamp: Stamp, subnet: SubnetRef, input: ClaimInput): number {
  const uses = addressesInSubnet(stamp, keyOf(subnet.id)).filter(
    (u) => u.ownerResource.key !== input.ownerResourceKey,
  );
  const taken = new Map<number, string>(uses.map((u) => [u.ip, u.owner]));
  for (const ip of input.claimedNow) if (!taken.has(ip)) taken.set(ip, input.owner);

  if (input.method === 'Static') {
    const ip = input.requested !== undefined ? parseIp(input.requested) : undefined;
    if (ip === undefined) {
      throw new ArmError(
        400,
        'InvalidPrivateIPAddressFormat',
        `IP configuration ${input.owner} has a static allocation method but no valid private IP address ('${input.requested ?? ''}').`,
      );
    }
    if (!cidrHas(subnet.cidr, ip)) {
      throw new ArmError(
        400,
        'PrivateIPAddressNotInSubnet',
        `IP configuration ${input.owner} has private IP address ${input.requested} which does not belong to subnet ` +
          `${subnet.id} with address prefix ${subnet.subnet.properties.addressPrefix}.`,
      );
    }
    if (isAzureReserved(subnet.cidr, ip)) {
      throw new ArmError(
        400,
        'PrivateIPAddressInReservedRange',
        `Private static IP address ${input.requested} falls within reserved IP range of subnet prefix ${subnet.subnet.properties.addressPrefix}.`,
      );
    }
    const holder = taken.get(ip);
    if (holder !== undefined) {
      throw new ArmError(
        400,
        'PrivateIPAddressInUse',
        `IP configuration ${input.owner} is using the private IP address ${formatIp(ip)} which is already allocated to resource ${holder}.`,
      );
    }
    return ip;
  }

  if (input.previous !== undefined && cidrHas(subnet.cidr, input.previous) && !taken.has(input.previous)) {
    return input.previous;
  }
  const ip = nextFreeIp(subnet.cidr, new Set(taken.keys()));
  if (ip === undefined) {
    throw new ArmError(
      400,
      'SubnetIsFull',
      `Subnet ${subnet.subnet.name} with address prefix ${subnet.subnet.properties.addressPrefix} does not have enough capacity for 1 IP addresses.`,
    );
  }
  return ip;
}

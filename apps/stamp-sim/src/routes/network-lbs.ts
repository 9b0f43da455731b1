import { randomUUID } from 'node:crypto';
import { ArmError } from '../arm-errors';
import { formatIp } from '../ipv4';
import { Json, keyOf } from '../stamp-state';
import {
  LB,
  PIP,
  poolMembers,
  publicIpHolder,
  ref,
  requireRef,
  requireSubnet,
  stripInternal,
} from './network-refs';
import { skuNotSupported } from './network-public-ips';
import { claimPrivateIp } from './private-ips';
import { ResourceKind } from './resource-crud';

// Basic load balancers. Backend membership is declared on the NIC side (an
// ipConfiguration lists the pools it joins), as in ARM, and shown here on each pool.

function childId(lbId: string, collection: string, name: string): string {
  return `${lbId}/${collection}/${name}`;
}

function named(raw: Json, what: string): string {
  if (typeof raw?.name !== 'string' || !raw.name) {
    throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request: every ${what} needs a name.`);
  }
  return raw.name;
}

export const loadBalancerKind: ResourceKind = {
  namespace: 'Microsoft.Network',
  type: 'loadBalancers',
  fullType: LB,
  etags: true,
  draft({ stamp, body, existing }, shell) {
    const skuName = body.sku?.name ?? 'Basic';
    if (String(skuName).toLowerCase() !== 'basic') throw skuNotSupported('load balancer', skuName);
    const p = body.properties ?? {};
    const claimedNow = new Set<number>();
    const frontends: Json[] = [];
    for (const raw of (p.frontendIPConfigurations ?? []) as Json[]) {
      const name = named(raw, 'frontendIPConfiguration');
      const feId = childId(shell.id, 'frontendIPConfigurations', name);
      const fp = raw.properties ?? {};
      const properties: Json = {};
      const out: Json = { name, properties };
      if (fp.publicIPAddress?.id) {
        const pip = requireRef(stamp, PIP, fp.publicIPAddress.id, feId);
        const holder = publicIpHolder(stamp, pip.key);
        if (holder && keyOf(holder) !== keyOf(feId)) {
          throw new ArmError(
            400,
            'PublicIPAddressInUse',
            `Resource ${feId} is referencing public IP address ${pip.id} that is already allocated to resource ${holder}.`,
          );
        }
        properties.publicIPAddress = ref(pip.id);
      } else if (fp.subnet?.id) {
        const subnet = requireSubnet(stamp, fp.subnet.id, feId);
        const method =
          String(fp.privateIPAllocationMethod ?? 'Dynamic').toLowerCase() === 'static' ? 'Static' : 'Dynamic';
        const previous = (existing?.properties.frontendIPConfigurations as Json[] | undefined)?.find(
          (f) => f.name.toLowerCase() === name.toLowerCase(),
        )?.internalIp;
        const ip = claimPrivateIp(stamp, subnet, {
          owner: feId,
          ownerResourceKey: shell.key,
          method,
          requested: fp.privateIPAddress,
          previous,
          claimedNow,
        });
        claimedNow.add(ip);
        out.internalIp = ip;
        properties.subnet = ref(subnet.id);
        properties.privateIPAllocationMethod = method;
      } else {
        throw new ArmError(
          400,
          'InvalidRequestFormat',
          `Frontend IP configuration ${feId} needs either a public IP address or a subnet.`,
        );
      }
      frontends.push(out);
    }
    const pools: Json[] = ((p.backendAddressPools ?? []) as Json[]).map((raw) => ({
      name: named(raw, 'backendAddressPool'),
      properties: {},
    }));
    if (existing) {
      for (const old of existing.properties.backendAddressPools as Json[]) {
        if (pools.some((np) => np.name.toLowerCase() === old.name.toLowerCase())) continue;
        const members = poolMembers(stamp, keyOf(childId(existing.id, 'backendAddressPools', old.name)));
        if (members.length > 0) {
          throw new ArmError(
            400,
            'InUseBackendAddressPoolCannotBeDeleted',
            `Backend address pool ${childId(existing.id, 'backendAddressPools', old.name)} is in use by ${members[0]} and cannot be deleted.`,
          );
        }
      }
    }
    const passThrough = (collection: string) =>
      ((p[collection] ?? []) as Json[]).map((raw) => ({
        name: named(raw, collection),
        properties: raw.properties ?? {},
      }));
    return {
      sku: { name: 'Basic' },
      properties: {
        frontendIPConfigurations: frontends,
        backendAddressPools: pools,
        loadBalancingRules: passThrough('loadBalancingRules'),
        probes: passThrough('probes'),
        inboundNatRules: passThrough('inboundNatRules'),
        resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
      },
    };
  },
  renderProperties(stamp, lb) {
    const child = (collection: string, type: string) =>
      (lb.properties[collection] as Json[]).map((c) => ({
        id: childId(lb.id, collection, c.name),
        name: c.name,
        etag: lb.etag,
        type: `${LB}/${type}`,
        properties: { ...c.properties, provisioningState: 'Succeeded' },
      }));
    const frontends = (lb.properties.frontendIPConfigurations as Json[]).map((fe) => {
      const properties: Json = { ...stripInternal(fe).properties, provisioningState: 'Succeeded' };
      if (fe.internalIp !== undefined) properties.privateIPAddress = formatIp(fe.internalIp);
      return {
        id: childId(lb.id, 'frontendIPConfigurations', fe.name),
        name: fe.name,
        etag: lb.etag,
        type: `${LB}/frontendIPConfigurations`,
        properties,
      };
    });
    const pools = (lb.properties.backendAddressPools as Json[]).map((pool) => {
      const id = childId(lb.id, 'backendAddressPools', pool.name);
      const members = poolMembers(stamp, keyOf(id));
      const properties: Json = { provisioningState: 'Succeeded' };
      if (members.length) properties.backendIPConfigurations = members.map(ref);
      return { id, name: pool.name, etag: lb.etag, type: `${LB}/backendAddressPools`, properties };
    });
    return {
      provisioningState: lb.properties.provisioningState,
      resourceGuid: lb.properties.resourceGuid,
      frontendIPConfigurations: frontends,
      backendAddressPools: pools,
      loadBalancingRules: child('loadBalancingRules', 'loadBalancingRules'),
      probes: child('probes', 'probes'),
      inboundNatRules: child('inboundNatRules', 'inboundNatRules'),
    };
  },
  assertDeletable(stamp, lb) {
    for (const pool of lb.properties.backendAddressPools as Json[]) {
      const members = poolMembers(stamp, keyOf(childId(lb.id, 'backendAddressPools', pool.name)));
      if (members.length > 0) {
        throw new ArmError(
          400,
          'InUseBackendAddressPoolCannotBeDeleted',
          `Backend address pool ${childId(lb.id, 'backendAddressPools', pool.name)} is in use by ${members[0]} and cannot be deleted.`,
        );
      }
    }
  },
};

export function backendPoolExists(lbProperties: Json, lbId: string, poolId: string): boolean {
  return (lbProperties.backendAddressPools as Json[]).some(
    (p) => keyOf(childId(lbId, 'backendAddressPools', p.name)) === keyOf(poolId),
  );
}

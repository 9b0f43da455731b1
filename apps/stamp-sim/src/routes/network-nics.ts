import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError } from '../arm-errors';
import { formatIp } from '../ipv4';
import { parseResourceId } from '../resource-ids';
import { Json, keyOf } from '../stamp-state';
import { backendPoolExists } from './network-lbs';
import {
  LB,
  NIC,
  NSG,
  PIP,
  publicIpHolder,
  ref,
  requireRef,
  requireSubnet,
  stripInternal,
} from './network-refs';
import { claimPrivateIp } from './private-ips';
import { ResourceKind } from './resource-crud';

// Network interfaces: private addresses (static or dynamic) in a subnet, optional NSG,
// public IP and load-balancer pools. The VM that uses a NIC is recorded when the VM is
// written, never by the NIC's own PUT, exactly as in ARM.

function newMac(): string {
  // 00-15-5D is Hyper-V's prefix, which is what Azure Stack Hub NICs carry.
  return ['00', '15', '5D', ...randomBytes(3).toString('hex').toUpperCase().match(/../g)!].join('-');
}

function normaliseMac(value: string): string {
  return value.replace(/[-:]/g, '').toUpperCase();
}

export const networkInterfaceKind: ResourceKind = {
  namespace: 'Microsoft.Network',
  type: 'networkInterfaces',
  fullType: NIC,
  etags: true,
  draft({ stamp, body, existing }, shell) {
    const p = body.properties ?? {};
    const mac = existing?.internal.mac ?? newMac();
    if (
      typeof p.macAddress === 'string' &&
      p.macAddress &&
      normaliseMac(p.macAddress) !== normaliseMac(mac)
    ) {
      throw new ArmError(
        400,
        'StaticMacAddressNotSupported',
        `Network interface ${shell.id} cannot be given the MAC address ${p.macAddress}: static MAC addresses are not supported on this Azure Stack Hub stamp.`,
      );
    }
    const configs = p.ipConfigurations;
    if (!Array.isArray(configs) || configs.length === 0) {
      throw new ArmError(
        400,
        'NetworkInterfaceMustHaveAtLeastOneIpConfiguration',
        `Network interface ${shell.id} must have at least one IP configuration.`,
      );
    }
    const previousConfigs = (existing?.properties.ipConfigurations ?? []) as Json[];
    const claimedNow = new Set<number>();
    const primaryCount = configs.filter((c: Json) => c?.properties?.primary === true).length;
    if (configs.length > 1 && primaryCount !== 1) {
      throw new ArmError(
        400,
        'NetworkInterfaceMustHaveOnePrimaryIpConfiguration',
        `Network interface ${shell.id} with more than one IP configuration must have exactly one primary.`,
      );
    }
    const stored: Json[] = [];
    for (const [index, raw] of configs.entries()) {
      const name = raw?.name;
      if (typeof name !== 'string' || !name) {
        throw new ArmError(
          400,
          'InvalidRequestFormat',
          'Cannot parse the request: every ipConfiguration needs a name.',
        );
      }
      const cfgId = `${shell.id}/ipConfigurations/${name}`;
      const cp = raw.properties ?? {};
      if (!cp.subnet?.id) {
        throw new ArmError(400, 'InvalidRequestFormat', `IP configuration ${cfgId} must reference a subnet.`);
      }
      const subnet = requireSubnet(stamp, cp.subnet.id, cfgId);
      const method =
        String(cp.privateIPAllocationMethod ?? 'Dynamic').toLowerCase() === 'static' ? 'Static' : 'Dynamic';
      const previous = previousConfigs.find((c) => c.name.toLowerCase() === name.toLowerCase())?.internalIp;
      const ip = claimPrivateIp(stamp, subnet, {
        owner: cfgId,
        ownerResourceKey: shell.key,
        method,
        requested: cp.privateIPAddress,
        previous,
        claimedNow,
      });
      claimedNow.add(ip);
      const properties: Json = {
        privateIPAllocationMethod: method,
        privateIPAddressVersion: 'IPv4',
        subnet: ref(subnet.id),
        primary: configs.length === 1 ? true : cp.primary === true,
      };
      if (cp.publicIPAddress?.id) {
        const pip = requireRef(stamp, PIP, cp.publicIPAddress.id, cfgId);
        const holder = publicIpHolder(stamp, pip.key);
        if (holder && keyOf(holder) !== keyOf(cfgId)) {
          throw new ArmError(
            400,
            'PublicIPAddressInUse',
            `Resource ${cfgId} is referencing public IP address ${pip.id} that is already allocated to resource ${holder}.`,
          );
        }
        properties.publicIPAddress = ref(pip.id);
      }
      const pools = cp.loadBalancerBackendAddressPools;
      if (Array.isArray(pools) && pools.length > 0) {
        properties.loadBalancerBackendAddressPools = pools.map((pool: Json) => {
          const parsed = parseResourceId(pool?.id);
          const lbId = parsed
            ? `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}/providers/${LB}/${parsed.names[0]}`
            : '';
          const lb = parsed ? stamp.state.getTyped(LB, lbId) : undefined;
          if (
            !parsed ||
            parsed.type.toLowerCase() !== 'loadbalancers/backendaddresspools' ||
            !lb ||
            !backendPoolExists(lb.properties, lb.id, pool.id)
          ) {
            throw new ArmError(
              400,
              'InvalidResourceReference',
              `Resource ${pool?.id} referenced by resource ${cfgId} was not found. ` +
                'Please make sure that the referenced resource exists, and that both resources are in the same region.',
            );
          }
          return ref(`${lb.id}/backendAddressPools/${parsed.names[1]}`);
        });
      }
      stored.push({ name, properties, internalIp: ip, index });
    }
    const properties: Json = {
      ipConfigurations: stored.map(({ index: _i, ...rest }) => rest),
      enableIPForwarding: p.enableIPForwarding === true,
      enableAcceleratedNetworking: false,
      dnsSettings: { dnsServers: p.dnsSettings?.dnsServers ?? [], appliedDnsServers: [] },
      resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
    };
    if (p.networkSecurityGroup?.id) {
      properties.networkSecurityGroup = ref(requireRef(stamp, NSG, p.networkSecurityGroup.id, shell.id).id);
    }
    return { properties, internal: { ...(existing?.internal ?? {}), mac } };
  },
  renderProperties(_stamp, nic) {
    const props = nic.properties;
    const out: Json = {
      ...props,
      macAddress: nic.internal.mac,
      ipConfigurations: (props.ipConfigurations as Json[]).map((cfg) => ({
        id: `${nic.id}/ipConfigurations/${cfg.name}`,
        name: cfg.name,
        etag: nic.etag,
        type: `${NIC}/ipConfigurations`,
        properties: {
          ...stripInternal(cfg).properties,
          privateIPAddress: formatIp(cfg.internalIp),
          provisioningState: 'Succeeded',
        },
      })),
    };
    if (nic.internal.vmId) {
      out.virtualMachine = ref(nic.internal.vmId);
      out.primary = nic.internal.primary ?? true;
    }
    return out;
  },
  assertDeletable(_stamp, nic) {
    if (nic.internal.vmId) {
      throw new ArmError(
        400,
        'NicInUse',
        `Network Interface ${nic.id} is used by existing resource ${nic.internal.vmId}. ` +
          'In order to delete the network interface, it must be dissociated from the resource. ' +
          'To learn more, see aka.ms/deletenic.',
      );
    }
  },
};

import { randomUUID } from 'node:crypto';
import { ArmError } from '../arm-errors';
import { formatIp, nextFreeIp } from '../ipv4';
import { Stamp } from '../stamp';
import { Json } from '../stamp-state';
import { PIP, publicIpHolder, ref } from './network-refs';
import { ResourceKind } from './resource-crud';

// Basic public IPs, allocated from the stamp's own pool: a failed-over application gets
// a different public address at the other stamp, which DNS steps must handle.

export function skuNotSupported(kind: string, sku: string): ArmError {
  return new ArmError(
    400,
    'SkuNotSupported',
    `The ${kind} SKU '${sku}' is not supported on this Azure Stack Hub stamp. Supported SKUs: 'Basic'.`,
  );
}

function allocate(stamp: Stamp, id: string): number {
  const taken = new Set<number>();
  for (const pip of stamp.state.list(PIP)) if (pip.internal.ip !== undefined) taken.add(pip.internal.ip);
  const ip = nextFreeIp(stamp.publicIpPool, taken, false);
  if (ip === undefined) {
    throw new ArmError(
      400,
      'PublicIPCountLimitReached',
      `Cannot create public IP ${id}: the stamp's public address pool is exhausted.`,
    );
  }
  return ip;
}

export const publicIpAddressKind: ResourceKind = {
  namespace: 'Microsoft.Network',
  type: 'publicIPAddresses',
  fullType: PIP,
  etags: true,
  draft({ stamp, body, existing }, shell) {
    const skuName = body.sku?.name ?? 'Basic';
    if (String(skuName).toLowerCase() !== 'basic') throw skuNotSupported('public IP address', skuName);
    const p = body.properties ?? {};
    const method = String(p.publicIPAllocationMethod ?? 'Dynamic');
    if (!['static', 'dynamic'].includes(method.toLowerCase())) {
      throw new ArmError(400, 'InvalidRequestFormat', `Invalid publicIPAllocationMethod '${method}'.`);
    }
    if (p.publicIPAddressVersion && String(p.publicIPAddressVersion).toLowerCase() !== 'ipv4') {
      throw new ArmError(
        400,
        'InvalidRequestFormat',
        'Only IPv4 public IP addresses are supported on this stamp.',
      );
    }
    const ip = existing?.internal.ip ?? allocate(stamp, shell.id);
    const properties: Json = {
      publicIPAllocationMethod: method.toLowerCase() === 'static' ? 'Static' : 'Dynamic',
      publicIPAddressVersion: 'IPv4',
      idleTimeoutInMinutes: p.idleTimeoutInMinutes ?? 4,
      resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
    };
    const label = p.dnsSettings?.domainNameLabel;
    if (label) {
      properties.dnsSettings = {
        domainNameLabel: label,
        fqdn: `${label}.${stamp.location}.cloudapp.${stamp.name}.twinsite.local`,
      };
    }
    return { properties, sku: { name: 'Basic' }, internal: { ip } };
  },
  renderProperties(stamp, pip) {
    const out: Json = { ...pip.properties, ipAddress: formatIp(pip.internal.ip) };
    const holder = publicIpHolder(stamp, pip.key);
    if (holder) out.ipConfiguration = ref(holder);
    return out;
  },
  assertDeletable(stamp, pip) {
    const holder = publicIpHolder(stamp, pip.key);
    if (holder) {
      throw new ArmError(
        400,
        'PublicIPAddressCannotBeDeleted',
        `Public IP address ${pip.id} can not be deleted since it is still allocated to resource ${holder}. ` +
          'In order to delete the public IP, disassociate/detach the Public IP address from the resource.',
      );
    }
  },
};

import { parse as parseYaml } from 'yaml';
import { ReplicationJobs } from './replication-jobs';
import { resourceId } from './resource-ids';
import { VM } from './routes/compute-disks';
import { loadBalancerKind } from './routes/network-lbs';
import { networkSecurityGroupKind } from './routes/network-nsgs';
import { publicIpAddressKind } from './routes/network-public-ips';
import { LB, NSG, PIP, VNET } from './routes/network-refs';
import { virtualNetworkKind } from './routes/network-vnets';
import { SeedError, ensureGroup, put, resolve } from './seed-refs';
import { seedVm } from './seed-vms';
import { Stamp } from './stamp';
import { Json } from './stamp-state';

export { SeedError } from './seed-refs';

// Seeding an estate from a compact YAML/JSON description (see seed/example-estate.yaml).
// Everything goes through the same validation as ARM PUTs, so a seed cannot build an
// estate the ARM surface would refuse; it just skips the long-running operations.

export interface SeedSummary {
  stamp: string;
  created: Record<string, number>;
  replicationJobs: string[];
}

type Section = Record<string, Json>;

export function parseSeedDocument(text: string | Json): Json {
  if (typeof text !== 'string') return text;
  try {
    return parseYaml(text);
  } catch (error) {
    throw new SeedError(`the seed is neither valid YAML nor JSON: ${(error as Error).message}`);
  }
}

/** The part of a seed document meant for one stamp: `stamps.<name>` when present, else all of it. */
export function sectionFor(doc: Json, stampName: string): Section | undefined {
  if (!doc || typeof doc !== 'object') throw new SeedError('the seed must be an object');
  if (doc.stamps && typeof doc.stamps === 'object') {
    const key = Object.keys(doc.stamps).find((k) => k.toLowerCase() === stampName.toLowerCase());
    return key ? doc.stamps[key] : undefined;
  }
  return doc;
}

function list(section: Section, key: string): Json[] {
  const value = section[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SeedError(`${key} must be a list`, 'InvalidSeed', key);
  return value;
}

function securityRules(rules: Json[]): Json[] {
  return rules.map(({ name, ...properties }) => ({ name, properties }));
}

/** Applies one stamp's section of a seed document. Resources already present are updated. */
export function seedStamp(stamp: Stamp, section: Section, jobs?: ReplicationJobs): SeedSummary {
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);

  list(section, 'resourceGroups').forEach((rg, i) => {
    const name = typeof rg === 'string' ? rg : rg?.name;
    if (typeof name !== 'string' || !name)
      throw new SeedError('name is required', 'InvalidSeed', `resourceGroups[${i}]`);
    stamp.state.putResourceGroup(name, stamp.location, rg?.tags ?? {});
    bump('resourceGroups');
  });

  list(section, 'networkSecurityGroups').forEach((nsg, i) => {
    const where = `networkSecurityGroups[${i}]`;
    const rg = ensureGroup(stamp, nsg.resourceGroup, where);
    put(
      stamp,
      networkSecurityGroupKind,
      rg,
      nsg.name,
      { tags: nsg.tags, properties: { securityRules: securityRules(nsg.rules ?? []) } },
      where,
    );
    bump('networkSecurityGroups');
  });

  list(section, 'virtualNetworks').forEach((vnet, i) => {
    const where = `virtualNetworks[${i}]`;
    const rg = ensureGroup(stamp, vnet.resourceGroup, where);
    const subnets = (vnet.subnets ?? []).map((s: Json) => {
      const properties: Json = { addressPrefix: s.addressPrefix };
      if (s.networkSecurityGroup) {
        properties.networkSecurityGroup = { id: resolve(stamp, NSG, s.networkSecurityGroup, rg, where).id };
      }
      return { name: s.name, properties };
    });
    put(
      stamp,
      virtualNetworkKind,
      rg,
      vnet.name,
      {
        tags: vnet.tags,
        properties: { addressSpace: { addressPrefixes: vnet.addressPrefixes ?? [] }, subnets },
      },
      where,
    );
    bump('virtualNetworks');
  });

  list(section, 'publicIPAddresses').forEach((pip, i) => {
    const where = `publicIPAddresses[${i}]`;
    const rg = ensureGroup(stamp, pip.resourceGroup, where);
    const properties: Json = { publicIPAllocationMethod: pip.allocation ?? 'Static' };
    if (pip.domainNameLabel) properties.dnsSettings = { domainNameLabel: pip.domainNameLabel };
    put(
      stamp,
      publicIpAddressKind,
      rg,
      pip.name,
      { tags: pip.tags, sku: { name: 'Basic' }, properties },
      where,
    );
    bump('publicIPAddresses');
  });

  list(section, 'loadBalancers').forEach((lb, i) => {
    const where = `loadBalancers[${i}]`;
    const rg = ensureGroup(stamp, lb.resourceGroup, where);
    const frontend: Json = { name: 'frontend', properties: {} };
    if (lb.publicIPAddress)
      frontend.properties.publicIPAddress = { id: resolve(stamp, PIP, lb.publicIPAddress, rg, where).id };
    else if (lb.subnet) {
      const vnet = resolve(stamp, VNET, lb.subnet.vnet, rg, where);
      frontend.properties.subnet = { id: `${vnet.id}/subnets/${lb.subnet.subnet}` };
      if (lb.subnet.privateIp) {
        frontend.properties.privateIPAllocationMethod = 'Static';
        frontend.properties.privateIPAddress = lb.subnet.privateIp;
      }
    }
    const lbId = resourceId(stamp.subscriptionId, rg, LB, lb.name);
    const pools: string[] = lb.backendPools ?? ['backend'];
    put(
      stamp,
      loadBalancerKind,
      rg,
      lb.name,
      {
        tags: lb.tags,
        sku: { name: 'Basic' },
        properties: {
          frontendIPConfigurations: [frontend],
          backendAddressPools: pools.map((name) => ({ name })),
          probes: (lb.probes ?? []).map((p: Json) => ({
            name: p.name,
            properties: { protocol: p.protocol ?? 'Tcp', port: p.port },
          })),
          loadBalancingRules: (lb.rules ?? []).map((r: Json) => ({
            name: r.name,
            properties: {
              protocol: r.protocol ?? 'Tcp',
              frontendPort: r.frontendPort,
              backendPort: r.backendPort ?? r.frontendPort,
              frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/frontend` },
              backendAddressPool: { id: `${lbId}/backendAddressPools/${r.backendPool ?? pools[0]}` },
            },
          })),
        },
      },
      where,
    );
    bump('loadBalancers');
  });

  list(section, 'virtualMachines').forEach((vm, i) => seedVm(stamp, vm, `virtualMachines[${i}]`, counts));

  const jobIds: string[] = [];
  list(section, 'replicationJobs').forEach((job, i) => {
    const where = `replicationJobs[${i}]`;
    if (!jobs) throw new SeedError('replication jobs need the whole simulator', 'InvalidSeed', where);
    const vm = resolve(stamp, VM, job.sourceVm ?? job.sourceVmId, '', where);
    try {
      const created = jobs.create(stamp, {
        sourceVmId: vm.id,
        targetStamp: job.targetStamp,
        intervalSeconds: job.intervalSeconds,
        targetResourceGroup: job.targetResourceGroup,
        keep: job.keep,
      });
      jobIds.push(created.id);
    } catch (error) {
      throw new SeedError((error as Error).message, 'InvalidSeed', where);
    }
  });

  return { stamp: stamp.name, created: counts, replicationJobs: jobIds };
}

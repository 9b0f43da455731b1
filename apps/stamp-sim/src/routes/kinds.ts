import { diskKind } from './compute-disks';
import { snapshotKind } from './compute-snapshots';
import { virtualMachineKind } from './compute-vms';
import { loadBalancerKind } from './network-lbs';
import { networkInterfaceKind } from './network-nics';
import { networkSecurityGroupKind } from './network-nsgs';
import { publicIpAddressKind } from './network-public-ips';
import { virtualNetworkKind } from './network-vnets';
import { ResourceKind } from './resource-crud';

/** In teardown order: what holds a reference goes before what it references. */
export const RESOURCE_KINDS: ResourceKind[] = [
  virtualMachineKind,
  networkInterfaceKind,
  loadBalancerKind,
  publicIpAddressKind,
  virtualNetworkKind,
  networkSecurityGroupKind,
  diskKind,
  snapshotKind,
];

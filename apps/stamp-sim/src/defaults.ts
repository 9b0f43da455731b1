// Stamp defaults. Two stamps never offer quite the same VM sizes, which is what makes a
// failover plan's size mapping matter, so stamp-b lacks a few of stamp-a's sizes and has
// one of its own.

export interface VmSize {
  name: string;
  numberOfCores: number;
  memoryInMB: number;
  maxDataDiskCount: number;
  osDiskSizeInMB: number;
  resourceDiskSizeInMB: number;
}

function size(name: string, cores: number, memoryGB: number, disks: number, tempGB: number): VmSize {
  return {
    name,
    numberOfCores: cores,
    memoryInMB: Math.round(memoryGB * 1024),
    maxDataDiskCount: disks,
    osDiskSizeInMB: 1047552,
    resourceDiskSizeInMB: tempGB * 1024,
  };
}

const COMMON_SIZES: VmSize[] = [
  size('Standard_A1_v2', 1, 2, 2, 10),
  size('Standard_A2_v2', 2, 4, 4, 20),
  size('Standard_A4_v2', 4, 8, 8, 40),
  size('Standard_D1_v2', 1, 3.5, 4, 50),
  size('Standard_D2_v2', 2, 7, 8, 100),
  size('Standard_D3_v2', 4, 14, 16, 200),
  size('Standard_DS1_v2', 1, 3.5, 4, 7),
  size('Standard_DS2_v2', 2, 7, 8, 14),
  size('Standard_DS3_v2', 4, 14, 16, 28),
  size('Standard_F2s_v2', 2, 4, 4, 16),
];

export const DEFAULT_VM_SIZES: VmSize[][] = [
  [
    ...COMMON_SIZES,
    size('Standard_D4_v2', 8, 28, 32, 400),
    size('Standard_DS4_v2', 8, 28, 32, 56),
    size('Standard_F4s_v2', 4, 8, 8, 32),
  ],
  [...COMMON_SIZES, size('Standard_F4s_v2', 4, 8, 8, 32), size('Standard_F8s_v2', 8, 16, 16, 64)],
];

export const DEFAULT_STAMPS = [
  { name: 'stamp-a', port: 8443, location: 'east' },
  { name: 'stamp-b', port: 8444, location: 'west' },
];

export function defaultSubscriptionId(index: number): string {
  const digit = String((index % 9) + 1);
  return `${digit.repeat(8)}-${digit.repeat(4)}-${digit.repeat(4)}-${digit.repeat(4)}-${digit.repeat(12)}`;
}

/** Documentation ranges (RFC 5737), so a simulated public IP can never be a real host. */
export const PUBLIC_IP_POOLS = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];

export const DEFAULT_CORES_LIMIT = 100;

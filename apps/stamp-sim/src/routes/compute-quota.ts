import { ArmError } from '../arm-errors';
import { Stamp } from '../stamp';
import { StoredResource } from '../stamp-state';
import { VM } from './compute-disks';

// The stamp's cores quota: VMs hold their size's cores while allocated (not deallocated),
// and a create, a resize or a start that would exceed the limit is refused as ARM does.

function holdsCores(vm: StoredResource): boolean {
  return vm.internal.power !== 'deallocated';
}

export function allocatedCores(stamp: Stamp, exceptKey?: string): number {
  let cores = 0;
  for (const vm of stamp.state.list(VM)) {
    if (vm.key === exceptKey || !holdsCores(vm)) continue;
    cores += stamp.vmSize(vm.properties.hardwareProfile.vmSize)?.numberOfCores ?? 0;
  }
  return cores;
}

export function checkCoresQuota(stamp: Stamp, vmKey: string, extraCores: number): void {
  const current = allocatedCores(stamp, vmKey);
  if (current + extraCores > stamp.coresLimit) {
    throw new ArmError(
      409,
      'OperationNotAllowed',
      'Operation could not be completed as it results in exceeding approved Total Regional Cores quota. ' +
        `Additional details - Deployment Model: Resource Manager, Location: ${stamp.location}, ` +
        `Current Limit: ${stamp.coresLimit}, Current Usage: ${current}, Additional Required: ${extraCores}, ` +
        `(Minimum) New Limit Required: ${current + extraCores}.`,
    );
  }
}

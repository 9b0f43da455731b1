import { Stamp } from '../stamp';
import { Json, StoredResource } from '../stamp-state';

// How a VM looks from outside: its power states and its instance view.

export type PowerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated';

const POWER_DISPLAY: Record<PowerState, string> = {
  starting: 'VM starting',
  running: 'VM running',
  stopping: 'VM stopping',
  stopped: 'VM stopped',
  deallocating: 'VM deallocating',
  deallocated: 'VM deallocated',
};

export interface DiskPlan {
  lun?: number;
  name: string;
  id: string;
  createOption: 'Attach' | 'FromImage' | 'Empty';
  caching: string;
  storageAccountType: string;
  /** set when the VM's PUT creates this disk */
  create?: { sizeGB: number; osType?: string; imageReference?: Json };
}

export function instanceView(stamp: Stamp, vm: StoredResource): Json {
  const time = stamp.nowIso();
  const state = String(vm.properties.provisioningState);
  const power = vm.internal.power as PowerState;
  const plan = vm.internal.plan as { os: DiskPlan; data: DiskPlan[] };
  const statuses: Json[] = [
    {
      code: `ProvisioningState/${state.toLowerCase()}`,
      level: state === 'Failed' ? 'Error' : 'Info',
      displayStatus: `Provisioning ${state.toLowerCase()}`,
      time,
    },
  ];
  if (state !== 'Failed')
    statuses.push({ code: `PowerState/${power}`, level: 'Info', displayStatus: POWER_DISPLAY[power] });
  return {
    computerName: vm.properties.osProfile?.computerName ?? vm.name,
    osName: vm.properties.storageProfile.osDisk.osType,
    platformUpdateDomain: 0,
    platformFaultDomain: 0,
    disks: [plan.os, ...plan.data].map((d) => ({
      name: d.name,
      statuses: [
        { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time },
      ],
    })),
    statuses,
  };
}

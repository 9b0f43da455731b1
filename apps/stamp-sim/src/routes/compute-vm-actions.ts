import { ArmContext } from '../arm-context';
import { armErrors } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { checkCoresQuota } from './compute-quota';
import { PowerState, instanceView } from './compute-vm-views';
import { virtualMachineKind } from './compute-vms';
import { acceptAction } from './operations';
import { requireResource, requireResourceGroup } from './resource-crud';

// VM power actions (start, powerOff, deallocate, restart) as 202 + Location operations,
// and the instanceView sub-resource.

const TRANSITIONS: Record<string, { during: PowerState; after: PowerState }> = {
  start: { during: 'starting', after: 'running' },
  powerOff: { during: 'stopping', after: 'stopped' },
  deallocate: { during: 'deallocating', after: 'deallocated' },
  restart: { during: 'starting', after: 'running' },
};

function powerAction(action: keyof typeof TRANSITIONS) {
  return (ctx: ArmContext) => {
    const { stamp } = ctx;
    requireResourceGroup(stamp, ctx.params.rg);
    const vm = requireResource(stamp, virtualMachineKind, ctx.params.rg, ctx.params.name);
    if (vm.properties.provisioningState === 'Deleting') {
      throw armErrors.operationNotAllowed(
        `Operation '${action}' is not allowed since the Virtual Machine '${vm.name}' is being deleted.`,
      );
    }
    if (action === 'restart' && vm.internal.power !== 'running') {
      throw armErrors.operationNotAllowed(
        `Operation 'restart' is not allowed on VM '${vm.name}' since the VM is ${vm.internal.power}.`,
      );
    }
    if (action === 'start' && vm.internal.power === 'deallocated') {
      checkCoresQuota(stamp, vm.key, stamp.vmSize(vm.properties.hardwareProfile.vmSize)?.numberOfCores ?? 0);
    }
    const t = TRANSITIONS[action];
    vm.internal.power = t.during;
    return acceptAction(ctx, {
      namespace: 'Microsoft.Compute',
      resourceType: 'virtualMachines',
      action,
      complete: () => {
        if (vm.internal.power === t.during) vm.internal.power = t.after;
      },
    });
  };
}

export function registerVmRoutes(router: ArmRouter): void {
  const scope = { namespace: 'Microsoft.Compute', resourceType: 'virtualMachines' };
  const base = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Compute/virtualMachines/:name';
  for (const action of Object.keys(TRANSITIONS)) {
    router.arm('POST', `${base}/${action}`, scope, powerAction(action));
  }
  router.arm('GET', `${base}/instanceView`, scope, (ctx) => {
    requireResourceGroup(ctx.stamp, ctx.params.rg);
    const vm = requireResource(ctx.stamp, virtualMachineKind, ctx.params.rg, ctx.params.name);
    return { status: 200, body: instanceView(ctx.stamp, vm) };
  });
}

import { ArmContext } from '../arm-context';
import { ArmError } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { VM } from './compute-disks';
import { allocatedCores } from './compute-quota';

// Per-location views of a stamp's compute: which VM sizes it offers and how much of its
// cores quota is used. Failover plans read both at the target before they start.

function checkLocation(ctx: ArmContext, resourceType: string): void {
  const wanted = ctx.params.loc.replace(/\s+/g, '').toLowerCase();
  if (wanted !== ctx.stamp.location.toLowerCase()) {
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${ctx.params.loc}' and API version '${ctx.apiVersion}' ` +
        `for type '${resourceType}'. The supported locations are '${ctx.stamp.location}'.`,
    );
  }
}

export function registerComputeLocationRoutes(router: ArmRouter): void {
  const base = '/subscriptions/:sub/providers/Microsoft.Compute/locations/:loc';
  router.arm(
    'GET',
    `${base}/vmSizes`,
    { namespace: 'Microsoft.Compute', resourceType: 'locations/vmSizes' },
    (ctx) => {
      checkLocation(ctx, 'locations/vmSizes');
      return { status: 200, body: { value: ctx.stamp.vmSizes.map((s) => ({ ...s })) } };
    },
  );
  router.arm(
    'GET',
    `${base}/usages`,
    { namespace: 'Microsoft.Compute', resourceType: 'locations/usages' },
    (ctx) => {
      checkLocation(ctx, 'locations/usages');
      const { stamp } = ctx;
      const vms = stamp.state.list(VM);
      const usage = (value: string, localizedValue: string, currentValue: number, limit: number) => ({
        unit: 'Count',
        currentValue,
        limit,
        name: { value, localizedValue },
      });
      return {
        status: 200,
        body: {
          value: [
            usage('cores', 'Total Regional vCPUs', allocatedCores(stamp), stamp.coresLimit),
            usage('virtualMachines', 'Virtual Machines', vms.length, 10000),
            usage('availabilitySets', 'Availability Sets', 0, 2000),
          ],
        },
      };
    },
  );
}

import { registerAdfsRoutes } from './adfs';
import { ArmRouter } from './arm-router';
import { registerDiskAccessRoutes } from './routes/compute-disks';
import { registerComputeLocationRoutes } from './routes/compute-locations';
import { registerVmRoutes } from './routes/compute-vm-actions';
import { registerGenericResourceRoutes } from './routes/generic-resources';
import { RESOURCE_KINDS } from './routes/kinds';
import { registerMetadataRoutes } from './routes/metadata';
import { registerSubnetRoutes } from './routes/network-vnets';
import { registerOperationRoutes } from './routes/operations';
import { registerResourceGroupRoutes } from './routes/resource-groups';
import { registerResourceKind } from './routes/resource-crud';
import { registerSubscriptionRoutes } from './routes/subscription-routes';

/** Every ARM (and login) route a stamp serves. Stateless: one router serves all stamps. */
export function buildArmRouter(): ArmRouter {
  const router = new ArmRouter();
  registerMetadataRoutes(router);
  registerAdfsRoutes(router);
  registerOperationRoutes(router);
  registerComputeLocationRoutes(router);
  registerVmRoutes(router);
  registerDiskAccessRoutes(router);
  registerSubnetRoutes(router);
  for (const kind of RESOURCE_KINDS) registerResourceKind(router, kind);
  registerResourceGroupRoutes(router);
  registerSubscriptionRoutes(router);
  registerGenericResourceRoutes(router);
  return router;
}

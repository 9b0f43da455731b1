import { ArmContext } from '../arm-context';
import { ArmError, armErrors } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { Stamp } from '../stamp';
import { ResourceGroupRecord } from '../stamp-state';
import { RESOURCE_KINDS } from './kinds';
import { acceptAction } from './operations';
import { removeNow, stringTags } from './resource-crud';

// Resource groups (Microsoft.Resources). Deleting one deletes everything in it, VMs
// first, the way ARM tears a group down.

const SCOPE = { namespace: 'Microsoft.Resources', resourceType: 'resourceGroups' };
const NAME = /^[-\w._()]{1,90}$/;

function render(rg: ResourceGroupRecord): unknown {
  return {
    id: rg.id,
    name: rg.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: rg.location,
    tags: rg.tags,
    properties: { provisioningState: rg.provisioningState },
  };
}

export function deleteResourceGroupNow(stamp: Stamp, name: string): void {
  for (const kind of RESOURCE_KINDS) {
    for (const res of stamp.state.list(kind.fullType, name)) removeNow(stamp, kind, res);
  }
  stamp.state.removeResourceGroup(name);
}

function put(ctx: ArmContext) {
  const { stamp, params, body } = ctx;
  if (!NAME.test(params.rg) || params.rg.endsWith('.')) {
    throw new ArmError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${params.rg}' has these invalid characters: the name can only be a letter, ` +
        'digit, -, ., ( ), or _, up to 90 characters, not ending in a period.',
    );
  }
  if (!body || typeof body.location !== 'string') {
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const location = body.location.replace(/\s+/g, '').toLowerCase();
  const existing = stamp.state.resourceGroup(params.rg);
  if (existing && existing.location.toLowerCase() !== location) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${body.location}'. The Resource group already exists in location '${existing.location}'.`,
    );
  }
  if (location !== stamp.location.toLowerCase()) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${body.location}' is not available for resource group. List of available regions is '${stamp.location}'.`,
    );
  }
  const rg = stamp.state.putResourceGroup(params.rg, stamp.location, stringTags(body.tags));
  return { status: existing ? 200 : 201, body: render(rg) };
}

export function registerResourceGroupRoutes(router: ArmRouter): void {
  const base = '/subscriptions/:sub/resourcegroups';
  router.arm('GET', base, SCOPE, (ctx) => ({
    status: 200,
    body: { value: [...ctx.stamp.state.resourceGroups.values()].map(render) },
  }));
  router.arm('PUT', `${base}/:rg`, SCOPE, put);
  router.arm('HEAD', `${base}/:rg`, SCOPE, (ctx) => ({
    status: ctx.stamp.state.resourceGroup(ctx.params.rg) ? 204 : 404,
  }));
  router.arm('GET', `${base}/:rg`, SCOPE, (ctx) => {
    const rg = ctx.stamp.state.resourceGroup(ctx.params.rg);
    if (!rg) throw armErrors.resourceGroupNotFound(ctx.params.rg);
    return { status: 200, body: render(rg) };
  });
  router.arm('PATCH', `${base}/:rg`, SCOPE, (ctx) => {
    const rg = ctx.stamp.state.resourceGroup(ctx.params.rg);
    if (!rg) throw armErrors.resourceGroupNotFound(ctx.params.rg);
    if (ctx.body?.tags !== undefined) rg.tags = stringTags(ctx.body.tags);
    return { status: 200, body: render(rg) };
  });
  router.arm('DELETE', `${base}/:rg`, SCOPE, (ctx) => {
    const { stamp } = ctx;
    const rg = stamp.state.resourceGroup(ctx.params.rg);
    if (!rg) throw armErrors.resourceGroupNotFound(ctx.params.rg);
    rg.provisioningState = 'Deleting';
    return acceptAction(ctx, {
      namespace: 'Microsoft.Resources',
      resourceType: 'resourceGroups',
      complete: () => {
        if (stamp.state.resourceGroup(rg.name) === rg) deleteResourceGroupNow(stamp, rg.name);
      },
    });
  });
}

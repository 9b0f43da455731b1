import { ArmError } from '../arm-errors';
import { ArmRouter } from '../arm-router';
import { PROVIDER_REGISTRATIONS, canonicalNamespace, providerBody } from '../providers';
import { Stamp } from '../stamp';

// Subscription-level discovery: the subscription itself, its locations and the resource
// providers registered on it (what the gateway reads at start-up to pick api-versions).

function subscriptionBody(stamp: Stamp): unknown {
  return {
    id: `/subscriptions/${stamp.subscriptionId}`,
    subscriptionId: stamp.subscriptionId,
    displayName: `Twinsite ${stamp.name}`,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'AzureStack', quotaId: 'AzureStack', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  };
}

export function registerSubscriptionRoutes(router: ArmRouter): void {
  const subs = { namespace: 'Microsoft.Resources', resourceType: 'subscriptions' };
  const providers = { namespace: 'Microsoft.Resources', resourceType: 'providers' };

  router.arm('GET', '/subscriptions', subs, (ctx) => ({
    status: 200,
    body: { value: [subscriptionBody(ctx.stamp)] },
  }));
  router.arm('GET', '/subscriptions/:sub', subs, (ctx) => ({
    status: 200,
    body: subscriptionBody(ctx.stamp),
  }));
  router.arm('GET', '/subscriptions/:sub/locations', subs, (ctx) => ({
    status: 200,
    body: {
      value: [
        {
          id: `/subscriptions/${ctx.stamp.subscriptionId}/locations/${ctx.stamp.location}`,
          name: ctx.stamp.location,
          displayName: ctx.stamp.location,
        },
      ],
    },
  }));

  router.arm('GET', '/subscriptions/:sub/providers', providers, (ctx) => ({
    status: 200,
    body: {
      value: Object.keys(PROVIDER_REGISTRATIONS).map((ns) =>
        providerBody(ctx.stamp.subscriptionId, ns, ctx.stamp.location),
      ),
    },
  }));

  const one = (namespace: string, stamp: Stamp) => {
    const ns = canonicalNamespace(namespace);
    if (!ns) {
      throw new ArmError(
        404,
        'InvalidResourceNamespace',
        `The resource namespace '${namespace}' is invalid.`,
      );
    }
    return providerBody(stamp.subscriptionId, ns, stamp.location);
  };
  router.arm('GET', '/subscriptions/:sub/providers/:namespace', providers, (ctx) => ({
    status: 200,
    body: one(ctx.params.namespace, ctx.stamp),
  }));
  router.arm('POST', '/subscriptions/:sub/providers/:namespace/register', providers, (ctx) => ({
    status: 200,
    body: one(ctx.params.namespace, ctx.stamp),
  }));
}

import * as crypto from 'node:crypto';
import { admin, TestController } from '../support/controller';
import { siteBody } from '../support/fixtures';

/** Request bodies and small helpers shared by the inventory suites. */

export const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

export const SUBSCRIPTION = '11111111-2222-4333-8444-555555555555';

export function armId(type: string, ...names: string[]): string {
  const [provider, ...types] = type.split('/');
  const tail = types.map((t, i) => `${t}/${names[i]}`).join('/');
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app/providers/${provider}/${tail}`;
}

export const vmId = (name = unique('vm')) => armId('Microsoft.Compute/virtualMachines', name);
export const subnetId = (vnet: string, subnet = 'default') =>
  armId('Microsoft.Network/virtualNetworks/subnets', vnet, subnet);
export const nsgId = (name: string) => armId('Microsoft.Network/networkSecurityGroups', name);
export const backendPoolId = (lb: string, pool = 'pool') =>
  armId('Microsoft.Network/loadBalancers/backendAddressPools', lb, pool);

export function applicationBody(overrides: Record<string, unknown> = {}) {
  return {
    name: unique('app'),
    owner: 'team-payments@contoso.com',
    tier: 1,
    rpoSeconds: 300,
    rtoSeconds: 3600,
    protection: 'replication',
    ...overrides,
  };
}

export function pairBody(
  refs: { applicationId: string; sourceSiteId: string; targetSiteId: string },
  overrides: Record<string, unknown> = {},
) {
  return {
    ...refs,
    sourceResourceId: vmId(),
    target: { resourceGroup: 'rg-app-dr' },
    lagSource: { kind: 'agent' },
    ...overrides,
  };
}

export async function createSite(ctl: TestController, overrides: Record<string, unknown> = {}) {
  return (await ctl.http().post('/api/v1/sites').set(admin).send(siteBody(overrides)).expect(201)).body;
}

export async function createApplication(ctl: TestController, overrides: Record<string, unknown> = {}) {
  return (
    await ctl.http().post('/api/v1/applications').set(admin).send(applicationBody(overrides)).expect(201)
  ).body;
}

export async function createPair(
  ctl: TestController,
  refs: { applicationId: string; sourceSiteId: string; targetSiteId: string },
  overrides: Record<string, unknown> = {},
) {
  const res = await ctl.http().post('/api/v1/pairs').set(admin).send(pairBody(refs, overrides));
  if (res.status !== 201) throw new Error(`pair not created: ${res.status} ${res.text}`);
  return res.body;
}

/** The number of audit entries of one action, to show that a refused request wrote none. */
export async function auditCount(ctl: TestController, action: string): Promise<number> {
  const res = await ctl.http().get(`/api/v1/audit?action=${action}&limit=500`).set(admin).expect(200);
  return res.body.items.length;
}

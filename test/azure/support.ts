import { AzureArmGateway, AzureArmGatewayOptions } from '@twinsite/azure';
import type { SimStamp } from '@twinsite/stamp-sim';

export { startSim, siteFor, admin, requestLog, lastSeq } from '../support/sim';
export type { SimHarness, LoggedRequest } from '../support/sim';

/** Timings small enough for tests; the behaviour is the production one. */
export const FAST: AzureArmGatewayOptions = {
  resilience: {
    initialDelayMs: 50,
    maxDelayMs: 500,
    maxRetries: 8,
    breakerThreshold: 3,
    halfOpenAfterMs: 1000,
    requestTimeoutMs: 2000,
  },
  lroPollIntervalMs: 100,
  provisioningPollMs: 100,
};

export function gateway(options: AzureArmGatewayOptions = {}): AzureArmGateway {
  return new AzureArmGateway({
    ...FAST,
    ...options,
    resilience: { ...FAST.resilience, ...options.resilience },
  });
}

/** A small estate: a network, an NSG, a load balancer with a public IP, two VMs. */
export function estate(): unknown {
  return {
    resourceGroups: ['app-rg'],
    networkSecurityGroups: [{ name: 'web-nsg', resourceGroup: 'app-rg', rules: [] }],
    virtualNetworks: [
      {
        name: 'app-vnet',
        resourceGroup: 'app-rg',
        addressPrefixes: ['10.1.0.0/16'],
        subnets: [
          { name: 'web', addressPrefix: '10.1.1.0/24', networkSecurityGroup: 'web-nsg' },
          { name: 'db', addressPrefix: '10.1.2.0/24' },
        ],
      },
    ],
    publicIPAddresses: [{ name: 'web-lb-ip', resourceGroup: 'app-rg' }],
    loadBalancers: [
      { name: 'web-lb', resourceGroup: 'app-rg', publicIPAddress: 'web-lb-ip', backendPools: ['web-pool'] },
    ],
    virtualMachines: [
      {
        name: 'web-1',
        resourceGroup: 'app-rg',
        size: 'Standard_D2_v2',
        osType: 'Linux',
        dataDisks: [{ sizeGB: 32 }],
        nics: [
          {
            vnet: 'app-vnet',
            subnet: 'web',
            privateIp: '10.1.1.10',
            loadBalancerBackendPools: ['web-lb:web-pool'],
          },
        ],
        tags: { app: 'shop' },
      },
      {
        name: 'db-1',
        resourceGroup: 'app-rg',
        size: 'Standard_A2_v2',
        osType: 'Linux',
        powerState: 'deallocated',
        nics: [{ vnet: 'app-vnet', subnet: 'db', privateIp: '10.1.2.10' }],
      },
    ],
  };
}

export const SUBNET = (stamp: SimStamp, vnetRg: string, vnet: string, subnet: string): string =>
  `/subscriptions/${stamp.subscriptionId}/resourceGroups/${vnetRg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;

import { NetworkManagementClient } from '@azure/arm-network';
import {
  TestSim,
  arm,
  createResourceGroup,
  networkClient,
  poll,
  startTestSim,
  subPath,
  trustCa,
} from './support';

// Microsoft.Network as the real @azure/arm-network client sees it, pinned to 2018-11-01.

const RG = 'conf-net';

async function rejection(
  promise: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode?: number; code?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('stamp simulator: Microsoft.Network through @azure/arm-network', () => {
  let t: TestSim;
  let network: NetworkManagementClient;
  let web: string;
  let app: string;

  beforeAll(async () => {
    t = await startTestSim();
    trustCa(t.sim.caPem);
    network = networkClient(t, t.a);
    await createResourceGroup(t.a, RG);
  });
  afterAll(() => t.stop());

  it("refuses the SDK's default api-version", async () => {
    const unpinned = networkClient(t, t.a, { hybrid: false });
    const error = await rejection(unpinned.virtualNetworks.list(RG).next());
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('NoRegisteredProviderFound');
    expect(error.message).toContain("for type 'virtualNetworks'");
    expect(error.message).toContain('2018-11-01');
  });

  it('creates virtual networks with subnets, also as child resources', async () => {
    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'prod',
      {
        location: 'east',
        addressSpace: { addressPrefixes: ['10.10.0.0/16'] },
        subnets: [
          { name: 'web', addressPrefix: '10.10.1.0/24' },
          { name: 'app', addressPrefix: '10.10.2.0/24' },
        ],
      },
      poll,
    );
    expect(vnet.provisioningState).toBe('Succeeded');
    expect(vnet.subnets?.map((s) => s.name)).toEqual(['web', 'app']);
    web = vnet.subnets![0].id!;
    app = vnet.subnets![1].id!;
    expect(web).toBe(`${vnet.id}/subnets/web`);

    const db = await network.subnets.beginCreateOrUpdateAndWait(
      RG,
      'prod',
      'db',
      { addressPrefix: '10.10.3.0/24' },
      poll,
    );
    expect(db).toMatchObject({ name: 'db', addressPrefix: '10.10.3.0/24', provisioningState: 'Succeeded' });
    expect((await network.subnets.get(RG, 'prod', 'db')).id).toBe(db.id);
    const subnets = [];
    for await (const s of network.subnets.list(RG, 'prod')) subnets.push(s.name);
    expect(subnets).toEqual(['web', 'app', 'db']);
    await network.subnets.beginDeleteAndWait(RG, 'prod', 'db', poll);
    expect((await network.virtualNetworks.get(RG, 'prod')).subnets?.map((s) => s.name)).toEqual([
      'web',
      'app',
    ]);

    const inRg = [];
    for await (const v of network.virtualNetworks.list(RG)) inRg.push(v.name);
    expect(inRg).toEqual(['prod']);
    const all = [];
    for await (const v of network.virtualNetworks.listAll()) all.push(v.name);
    expect(all).toEqual(['prod']);

    const outside = await rejection(
      network.subnets.beginCreateOrUpdateAndWait(RG, 'prod', 'bad', { addressPrefix: '10.99.0.0/24' }, poll),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.code).toBe('NetcfgSubnetRangeOutsideVnet');
    const overlap = await rejection(
      network.subnets.beginCreateOrUpdateAndWait(
        RG,
        'prod',
        'bad',
        { addressPrefix: '10.10.1.128/25' },
        poll,
      ),
    );
    expect(overlap.code).toBe('NetcfgSubnetRangesOverlap');
  });

  it('creates NSGs with rules', async () => {
    const nsg = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'web-nsg',
      {
        location: 'east',
        securityRules: [
          {
            name: 'https',
            priority: 100,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: '*',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '443',
          },
        ],
      },
      poll,
    );
    expect(nsg.securityRules?.[0]).toMatchObject({
      name: 'https',
      priority: 100,
      destinationPortRange: '443',
      access: 'Allow',
    });
    expect(nsg.defaultSecurityRules?.map((r) => r.name)).toContain('DenyAllInBound');
    const clash = await rejection(
      network.networkSecurityGroups.beginCreateOrUpdateAndWait(
        RG,
        'bad-nsg',
        {
          location: 'east',
          securityRules: [
            { name: 'a', priority: 100, direction: 'Inbound', access: 'Allow', protocol: '*' },
            { name: 'b', priority: 100, direction: 'Inbound', access: 'Deny', protocol: '*' },
          ],
        },
        poll,
      ),
    );
    expect(clash.code).toBe('SecurityRuleConflict');
    const list = [];
    for await (const n of network.networkSecurityGroups.list(RG)) list.push(n.name);
    expect(list).toEqual(['web-nsg']);
  });

  it('assigns static and dynamic private IPs and refuses a static IP already taken', async () => {
    const nsgId = (await network.networkSecurityGroups.get(RG, 'web-nsg')).id!;
    const staticNic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'web-01-nic',
      {
        location: 'east',
        networkSecurityGroup: { id: nsgId },
        ipConfigurations: [
          {
            name: 'ipconfig1',
            subnet: { id: web },
            privateIPAllocationMethod: 'Static',
            privateIPAddress: '10.10.1.10',
          },
        ],
      },
      poll,
    );
    expect(staticNic.ipConfigurations?.[0]).toMatchObject({
      privateIPAddress: '10.10.1.10',
      privateIPAllocationMethod: 'Static',
    });
    expect(staticNic.macAddress).toMatch(/^00-15-5D-/);
    const dynamicNic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'web-02-nic',
      { location: 'east', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: web } }] },
      poll,
    );
    expect(dynamicNic.ipConfigurations?.[0]).toMatchObject({
      privateIPAddress: '10.10.1.4',
      privateIPAllocationMethod: 'Dynamic',
    });
    const second = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'web-03-nic',
      { location: 'east', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: web } }] },
      poll,
    );
    expect(second.ipConfigurations?.[0].privateIPAddress).toBe('10.10.1.5');

    const conflict = await rejection(
      network.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        'web-04-nic',
        {
          location: 'east',
          ipConfigurations: [
            {
              name: 'ipconfig1',
              subnet: { id: web },
              privateIPAllocationMethod: 'Static',
              privateIPAddress: '10.10.1.10',
            },
          ],
        },
        poll,
      ),
    );
    expect(conflict.statusCode).toBe(400);
    expect(conflict.code).toBe('PrivateIPAddressInUse');
    expect(conflict.message).toContain('web-01-nic');
    const outside = await rejection(
      network.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        'web-04-nic',
        {
          location: 'east',
          ipConfigurations: [
            {
              name: 'ipconfig1',
              subnet: { id: web },
              privateIPAllocationMethod: 'Static',
              privateIPAddress: '10.10.2.10',
            },
          ],
        },
        poll,
      ),
    );
    expect(outside.code).toBe('PrivateIPAddressNotInSubnet');
    // The same address in another subnet is fine.
    const otherSubnet = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'app-01-nic',
      {
        location: 'east',
        ipConfigurations: [
          {
            name: 'ipconfig1',
            subnet: { id: app },
            privateIPAllocationMethod: 'Static',
            privateIPAddress: '10.10.2.10',
          },
        ],
      },
      poll,
    );
    expect(otherSubnet.ipConfigurations?.[0].privateIPAddress).toBe('10.10.2.10');

    const subnet = await network.subnets.get(RG, 'prod', 'web');
    expect(subnet.ipConfigurations?.map((c) => c.id)).toHaveLength(3);
    expect(
      (await network.networkSecurityGroups.get(RG, 'web-nsg')).networkInterfaces?.map((n) => n.id),
    ).toEqual([staticNic.id]);

    const badNsg = await rejection(
      network.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        'web-05-nic',
        {
          location: 'east',
          networkSecurityGroup: { id: `${nsgId}-ghost` },
          ipConfigurations: [{ name: 'ipconfig1', subnet: { id: web } }],
        },
        poll,
      ),
    );
    expect(badNsg.code).toBe('InvalidResourceReference');
  });

  it('refuses to delete what is still in use', async () => {
    const subnet = await rejection(network.subnets.beginDeleteAndWait(RG, 'prod', 'web', poll));
    expect(subnet.statusCode).toBe(400);
    expect(subnet.code).toBe('InUseSubnetCannotBeDeleted');
    const nsg = await rejection(network.networkSecurityGroups.beginDeleteAndWait(RG, 'web-nsg', poll));
    expect(nsg.code).toBe('InUseNetworkSecurityGroupCannotBeDeleted');
    const vnet = await rejection(network.virtualNetworks.beginDeleteAndWait(RG, 'prod', poll));
    expect(vnet.code).toBe('InUseSubnetCannotBeDeleted');
  });

  it('allocates Basic public IPs from each stamp’s own pool and refuses Standard SKUs and zones', async () => {
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'shop-pip',
      { location: 'east', sku: { name: 'Basic' }, publicIPAllocationMethod: 'Static' },
      poll,
    );
    expect(pip.ipAddress).toMatch(/^192\.0\.2\.\d+$/);
    await createResourceGroup(t.b, RG);
    const atB = await networkClient(t, t.b).publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'dr-pip',
      { location: 'west', publicIPAllocationMethod: 'Static' },
      poll,
    );
    expect(atB.ipAddress).toMatch(/^198\.51\.100\.\d+$/);

    const standard = await rejection(
      network.publicIPAddresses.beginCreateOrUpdateAndWait(
        RG,
        'std',
        { location: 'east', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
        poll,
      ),
    );
    expect(standard.statusCode).toBe(400);
    expect(standard.code).toBe('SkuNotSupported');
    const zoned = await rejection(
      network.publicIPAddresses.beginCreateOrUpdateAndWait(
        RG,
        'zoned',
        { location: 'east', zones: ['1'] },
        poll,
      ),
    );
    expect(zoned.code).toBe('LocationNotSupportAvailabilityZones');
    const list = [];
    for await (const p of network.publicIPAddresses.list(RG)) list.push(p.name);
    expect(list).toEqual(['shop-pip']);
  });

  it('builds Basic load balancers whose pool membership shows on both sides', async () => {
    const pip = await network.publicIPAddresses.get(RG, 'shop-pip');
    const lb = await network.loadBalancers.beginCreateOrUpdateAndWait(
      RG,
      'shop-lb',
      {
        location: 'east',
        sku: { name: 'Basic' },
        frontendIPConfigurations: [{ name: 'frontend', publicIPAddress: { id: pip.id } }],
        backendAddressPools: [{ name: 'web-pool' }],
      },
      poll,
    );
    const poolId = lb.backendAddressPools![0].id!;
    expect(poolId).toBe(`${lb.id}/backendAddressPools/web-pool`);
    const nic = await network.networkInterfaces.get(RG, 'web-01-nic');
    nic.ipConfigurations![0].loadBalancerBackendAddressPools = [{ id: poolId }];
    const updated = await network.networkInterfaces.beginCreateOrUpdateAndWait(RG, 'web-01-nic', nic, poll);
    expect(updated.ipConfigurations?.[0].loadBalancerBackendAddressPools?.map((p) => p.id)).toEqual([poolId]);
    expect(updated.ipConfigurations?.[0].privateIPAddress).toBe('10.10.1.10');
    const pool = (await network.loadBalancers.get(RG, 'shop-lb')).backendAddressPools![0];
    expect(pool.backendIPConfigurations?.map((c) => c.id)).toEqual([`${nic.id}/ipConfigurations/ipconfig1`]);
    expect((await network.publicIPAddresses.get(RG, 'shop-pip')).ipConfiguration?.id).toBe(
      `${lb.id}/frontendIPConfigurations/frontend`,
    );

    const pipInUse = await rejection(network.publicIPAddresses.beginDeleteAndWait(RG, 'shop-pip', poll));
    expect(pipInUse.code).toBe('PublicIPAddressCannotBeDeleted');
    const standard = await rejection(
      network.loadBalancers.beginCreateOrUpdateAndWait(
        RG,
        'std-lb',
        { location: 'east', sku: { name: 'Standard' } },
        poll,
      ),
    );
    expect(standard.code).toBe('SkuNotSupported');
    const ghostPool = await rejection(
      network.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        'web-06-nic',
        {
          location: 'east',
          ipConfigurations: [
            {
              name: 'ipconfig1',
              subnet: { id: web },
              loadBalancerBackendAddressPools: [{ id: `${lb.id}/backendAddressPools/nope` }],
            },
          ],
        },
        poll,
      ),
    );
    expect(ghostPool.code).toBe('InvalidResourceReference');
  });

  it('refuses static MAC addresses (raw ARM, the SDK treats macAddress as read-only)', async () => {
    const res = await arm(
      t.a,
      'PUT',
      `${subPath(t.a)}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/mac-nic?api-version=2018-11-01`,
      {
        body: {
          location: 'east',
          properties: {
            macAddress: '00-11-22-33-44-55',
            ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: web } } }],
          },
        },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('StaticMacAddressNotSupported');
  });

  it('deletes network resources once they are free', async () => {
    for (const nic of ['web-01-nic', 'web-02-nic', 'web-03-nic', 'app-01-nic']) {
      await network.networkInterfaces.beginDeleteAndWait(RG, nic, poll);
    }
    await network.loadBalancers.beginDeleteAndWait(RG, 'shop-lb', poll);
    await network.publicIPAddresses.beginDeleteAndWait(RG, 'shop-pip', poll);
    await network.virtualNetworks.beginDeleteAndWait(RG, 'prod', poll);
    await network.networkSecurityGroups.beginDeleteAndWait(RG, 'web-nsg', poll);
    expect((await rejection(network.virtualNetworks.get(RG, 'prod'))).statusCode).toBe(404);
  });
});

import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, SimHarness, startSim } from '../support/sim';

/** A site registered against a simulated stamp: probe and inventory through the real gateway. */
describe('sites through ARM', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let sim: SimHarness;
  let siteId: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    sim = await startSim();
    await simAdmin(sim.sim, sim.a, 'POST', '/seed', {
      resourceGroups: ['app-rg'],
      virtualNetworks: [{ name: 'app-vnet', resourceGroup: 'app-rg', addressPrefixes: ['10.1.0.0/16'], subnets: [{ name: 'web', addressPrefix: '10.1.1.0/24' }] }],
      virtualMachines: [
        { name: 'web-01', resourceGroup: 'app-rg', size: 'Standard_DS2_v2', osType: 'Linux', nic: { vnet: 'app-vnet', subnet: 'web', privateIp: '10.1.1.10' } },
      ],
    });
    const site = await ctl
      .http()
      .post('/api/v1/sites')
      .set(admin)
      .send({
        name: 'stamp-a',
        armEndpoint: sim.a.url,
        location: sim.a.location,
        subscriptionId: sim.a.subscriptionId,
        tenantId: 'adfs',
        clientId: 'twinsite',
        clientSecret: 'sim-secret',
        caCertificate: sim.sim.caPem,
      })
      .expect(201);
    siteId = site.body.id;
  });
  afterAll(async () => {
    await ctl.close();
    await sim.stop();
    await dropTestDatabase(databaseUrl);
  });

  it('probes the stamp: reachable, authenticated, endpoints discovered, provider versions match the profile', async () => {
    const probe = await ctl.http().post(`/api/v1/sites/${siteId}/probe`).set(admin).expect(200);
    expect(probe.body).toMatchObject({ reachable: true, authenticated: true, providerMismatches: [] });
    expect(probe.body.endpoints.loginEndpoint).toContain('/adfs');
    expect(probe.body.latencyMs).toBeGreaterThan(0);
  });

  it('lists what is at the site, so pairs and mappings can be built from it', async () => {
    const inventory = await ctl.http().get(`/api/v1/sites/${siteId}/inventory`).set(admin).expect(200);
    expect(inventory.body.vms.map((vm: any) => vm.name)).toEqual(['web-01']);
    expect(inventory.body.vms[0].privateIps).toEqual(['10.1.1.10']);
    expect(inventory.body.vnets[0].subnets.map((s: any) => s.name)).toEqual(['web']);
  });

  it('says plainly when the stamp is down', async () => {
    await simAdmin(sim.sim, sim.a, 'POST', '/faults', { down: 'refuse' });
    try {
      const probe = await ctl.http().post(`/api/v1/sites/${siteId}/probe`).set(admin).expect(200);
      expect(probe.body.reachable).toBe(false);
      const inventory = await ctl.http().get(`/api/v1/sites/${siteId}/inventory`).set(admin).expect(502);
      expect(inventory.body.error.code).toBe('site-unreachable');
    } finally {
      await simAdmin(sim.sim, sim.a, 'DELETE', '/faults');
    }
  });
});

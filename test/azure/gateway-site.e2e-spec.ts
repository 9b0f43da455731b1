import * as https from 'node:https';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ClientSecretCredential } from '@azure/identity';
import { isRestError, PipelinePolicy } from '@azure/core-rest-pipeline';
import { API_PROFILES, ApiProfile } from '@twinsite/core/api-profile';
import { AzureArmGateway, benchGatewayOverhead, SiteUnreachableError } from '@twinsite/azure';
import { admin, estate, gateway, lastSeq, requestLog, SimHarness, siteFor, startSim } from './support';

// The gateway against a simulated stamp: the api-version profile, per-site TLS trust,
// ADFS login, the start-up provider check and the read operations.

function trustPolicy(ca: string): PipelinePolicy {
  const agent = new https.Agent({ ca, keepAlive: false });
  return {
    name: 'test-trust',
    sendRequest: (request, next) => {
      request.agent = agent;
      return next(request);
    },
  };
}

function withVersions(overrides: Record<string, string>): ApiProfile {
  const base = API_PROFILES['2020-09-01-hybrid'];
  const compute = base.providers['Microsoft.Compute'];
  return {
    name: 'too-new',
    providers: {
      ...base.providers,
      'Microsoft.Compute': { ...compute, resourceTypes: { ...compute.resourceTypes, ...overrides } },
    },
  };
}

describe('ARM gateway: site access', () => {
  let h: SimHarness;
  let other: SimHarness;
  let gw: AzureArmGateway;

  beforeAll(async () => {
    [h, other] = await Promise.all([startSim(), startSim()]);
    gw = gateway({
      profiles: { 'too-new': withVersions({ virtualMachines: '2024-07-01', disks: '2023-04-02' }) },
    });
  });
  afterAll(async () => {
    gw?.onModuleDestroy();
    await Promise.all([h?.stop(), other?.stop()]);
  });

  describe('api-version profile', () => {
    it("is needed: the SDK's own api-version is refused by the stamp, the gateway's requests are accepted", async () => {
      const site = siteFor(h.sim, h.a);
      const credential = new ClientSecretCredential('adfs', site.clientId, site.clientSecret, {
        authorityHost: `${h.a.url}/adfs`,
        disableInstanceDiscovery: true,
        additionalPolicies: [{ policy: trustPolicy(h.sim.caPem), position: 'perRetry' }],
      });
      const audience = (await admin<{ audience: string }>(h.sim, h.a, 'GET', '')).audience;
      const raw = new ComputeManagementClient(credential, site.subscriptionId, {
        endpoint: h.a.url,
        $host: h.a.url,
        credentialScopes: [`${audience}/.default`],
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [{ policy: trustPolicy(h.sim.caPem), position: 'perRetry' }],
      });
      const before = await lastSeq(h.sim, h.a);
      const refused = await raw.virtualMachineSizes
        .list(site.location)
        .next()
        .catch((e: unknown) => e);
      expect(isRestError(refused)).toBe(true);
      expect(refused).toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });

      const sizes = await gw.vmSizes(site);
      expect(sizes.length).toBeGreaterThan(0);
      expect(sizes[0]).toEqual({
        name: expect.any(String),
        cores: expect.any(Number),
        memoryMb: expect.any(Number),
      });

      const log = (await requestLog(h.sim, h.a, before)).filter((r) => r.path.endsWith('/vmSizes'));
      expect(log.map((r) => [r.apiVersion === '2020-06-01', r.status])).toEqual([
        [false, 400],
        [true, 200],
      ]);
    });

    it('sends every request with the version the profile names for its type', async () => {
      const site = siteFor(h.sim, h.a);
      await admin(h.sim, h.a, 'POST', '/seed', estate());
      const before = await lastSeq(h.sim, h.a);
      await gw.inventory(site);
      await gw.listRecoveryPoints(site);
      const log = await requestLog(h.sim, h.a, before);
      expect(log.length).toBeGreaterThan(0);
      for (const entry of log) {
        const expected = /Microsoft\.Network/i.test(entry.path)
          ? '2018-11-01'
          : /\/(disks|snapshots)\b/i.test(entry.path)
            ? '2019-07-01'
            : '2020-06-01';
        expect([entry.path, entry.apiVersion, entry.status]).toEqual([entry.path, expected, 200]);
      }
      await admin(h.sim, h.a, 'POST', '/reset');
    });
  });

  describe('TLS trust per site', () => {
    it("refuses a stamp whose certificate the site's CA does not vouch for, with a clear error", async () => {
      const wrongCa = siteFor(other.sim, h.a, { siteId: 'wrong-ca', caCertificate: other.sim.caPem });
      const error = await gw.vmSizes(wrongCa).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SiteUnreachableError);
      expect(error).toMatchObject({ code: 'site-unreachable', reason: 'certificate-untrusted' });
      expect((error as Error).message).toMatch(/not trusted/);

      const probe = await gw.probe(wrongCa);
      expect(probe).toMatchObject({
        reachable: false,
        authenticated: false,
        error: { code: 'site-unreachable' },
      });
      // A certificate problem is configuration: it must not open the circuit and hide itself.
      expect(gw.circuitState(wrongCa)).toBe('closed');
    });

    it('refuses a stamp with a private CA when the site has no CA certificate', async () => {
      const noCa = siteFor(h.sim, h.a, { siteId: 'no-ca', caCertificate: undefined });
      await expect(gw.vmSizes(noCa)).rejects.toMatchObject({ reason: 'certificate-untrusted' });
    });

    it('works with the right CA, and that trust leaks to no other site nor to the process', async () => {
      const good = siteFor(h.sim, h.a, { siteId: 'good-ca' });
      expect((await gw.probe(good)).reachable).toBe(true);

      // Same stamp, other sites: still refused after the good site has connected.
      await expect(
        gw.vmSizes(siteFor(h.sim, h.a, { siteId: 'no-ca-2', caCertificate: undefined })),
      ).rejects.toMatchObject({
        reason: 'certificate-untrusted',
      });
      await expect(
        gw.vmSizes(siteFor(h.sim, h.a, { siteId: 'wrong-ca-2', caCertificate: other.sim.caPem })),
      ).rejects.toMatchObject({ reason: 'certificate-untrusted' });
      // And the process-wide agent trusts nothing new.
      const global = await new Promise<Error | undefined>((resolve) => {
        https
          .get(`${h.a.url}/metadata/endpoints?api-version=2015-01-01`, (res) => {
            res.resume();
            resolve(undefined);
          })
          .on('error', resolve);
      });
      expect(global?.message).toMatch(/self[- ]signed|unable to verify|issuer/i);
    });

    it('rebuilds a site when its settings change', async () => {
      const site = siteFor(h.sim, h.b, { siteId: 'fixed-later', caCertificate: other.sim.caPem });
      await expect(gw.vmSizes(site)).rejects.toBeInstanceOf(SiteUnreachableError);
      const fixed = { ...site, caCertificate: h.sim.caPem };
      expect((await gw.vmSizes(fixed)).length).toBeGreaterThan(0);
    });
  });

  describe('ADFS login', () => {
    it('logs in with ClientSecretCredential at the login endpoint the metadata names', async () => {
      const probe = await gw.probe(siteFor(h.sim, h.a));
      expect(probe.endpoints?.loginEndpoint).toBe(`${h.a.url}/adfs`);
      const credential = new ClientSecretCredential('adfs', 'twinsite-e2e', 'e2e-secret', {
        authorityHost: probe.endpoints!.loginEndpoint,
        disableInstanceDiscovery: true,
        additionalPolicies: [{ policy: trustPolicy(h.sim.caPem), position: 'perRetry' }],
      });
      const token = await credential.getToken(`${probe.endpoints!.audience}/.default`);
      const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString('utf8'));
      expect(claims).toMatchObject({
        aud: probe.endpoints!.audience,
        appid: 'twinsite-e2e',
        iss: `${h.a.url}/adfs`,
      });
    });

    it('reports a rejected secret as not authenticated, with the stamp reachable', async () => {
      await admin(h.sim, h.b, 'POST', '/adfs', { clientId: 'twinsite-e2e', clientSecret: 'the-real-one' });
      try {
        const wrong = await gw.probe(siteFor(h.sim, h.b, { siteId: 'wrong-secret' }));
        expect(wrong).toMatchObject({
          reachable: true,
          authenticated: false,
          error: { code: 'AuthenticationFailed' },
        });
        const right = await gw.probe(
          siteFor(h.sim, h.b, { siteId: 'right-secret', clientSecret: 'the-real-one' }),
        );
        expect(right).toMatchObject({ reachable: true, authenticated: true });
      } finally {
        await admin(h.sim, h.b, 'DELETE', '/adfs');
      }
    });
  });

  describe('probe', () => {
    it('finds nothing to complain about when the stamp offers the profile', async () => {
      const probe = await gw.probe(siteFor(h.sim, h.a));
      expect(probe).toMatchObject({
        siteId: 'site-stamp-a',
        reachable: true,
        authenticated: true,
        providerMismatches: [],
      });
      expect(probe.error).toBeUndefined();
      expect(probe.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it('names the resource types whose profile version the stamp does not offer', async () => {
      const probe = await gw.probe(siteFor(h.sim, h.a, { siteId: 'too-new', apiProfile: 'too-new' }));
      expect(probe.authenticated).toBe(true);
      expect(probe.providerMismatches).toEqual([
        expect.objectContaining({
          resourceType: 'Microsoft.Compute/virtualMachines',
          wanted: '2024-07-01',
          problem: 'api-version-not-offered',
          offered: expect.arrayContaining(['2020-06-01']),
        }),
        expect.objectContaining({ resourceType: 'Microsoft.Compute/disks', wanted: '2023-04-02' }),
      ]);
    });

    it('reports an unknown profile instead of throwing', async () => {
      const probe = await gw.probe(
        siteFor(h.sim, h.a, { siteId: 'no-profile', apiProfile: '1999-01-01-hybrid' }),
      );
      expect(probe).toMatchObject({ reachable: false, error: { code: 'UnknownApiProfile' } });
    });
  });

  describe('reads', () => {
    beforeAll(async () => {
      await admin(h.sim, h.a, 'POST', '/seed', estate());
    });
    afterAll(async () => {
      await admin(h.sim, h.a, 'POST', '/reset');
      await admin(h.sim, h.b, 'POST', '/reset');
    });

    it('lists what the seed created', async () => {
      const inv = await gw.inventory(siteFor(h.sim, h.a));
      const web = inv.vms.find((v) => v.name === 'web-1');
      const db = inv.vms.find((v) => v.name === 'db-1');
      expect(web).toMatchObject({
        resourceGroup: 'app-rg',
        size: 'Standard_D2_v2',
        osType: 'Linux',
        powerState: 'running',
        privateIps: ['10.1.1.10'],
        tags: { app: 'shop' },
      });
      expect(web!.nicIds).toHaveLength(1);
      expect(web!.dataDiskIds).toHaveLength(1);
      expect(web!.diskIds).toEqual([web!.osDiskId, ...web!.dataDiskIds]);
      expect(db).toMatchObject({ powerState: 'deallocated', privateIps: ['10.1.2.10'] });

      const vnet = inv.vnets.find((v) => v.name === 'app-vnet')!;
      expect(vnet.addressPrefixes).toEqual(['10.1.0.0/16']);
      expect(vnet.subnets.map((s) => [s.name, s.addressPrefix, !!s.nsgId])).toEqual([
        ['web', '10.1.1.0/24', true],
        ['db', '10.1.2.0/24', false],
      ]);
      expect(inv.nsgs.map((n) => n.name)).toEqual(['web-nsg']);
      expect(inv.publicIps).toEqual([
        expect.objectContaining({ name: 'web-lb-ip', ipAddress: expect.any(String) }),
      ]);
      expect(inv.loadBalancers).toEqual([
        expect.objectContaining({
          name: 'web-lb',
          backendPools: [expect.objectContaining({ name: 'web-pool' })],
          frontendPublicIpIds: [inv.publicIps[0].id],
        }),
      ]);
    });

    it('reads the recovery points replication wrote, with list calls only', async () => {
      const inv = await gw.inventory(siteFor(h.sim, h.a));
      const web = inv.vms.find((v) => v.name === 'web-1')!;
      await admin(h.sim, h.a, 'POST', '/replication-jobs', {
        sourceVmId: web.id,
        targetStamp: 'stamp-b',
        intervalSeconds: 3600,
      });

      const siteB = siteFor(h.sim, h.b);
      const before = await lastSeq(h.sim, h.b);
      const points = await gw.listRecoveryPoints(siteB);
      const inRg = await gw.listRecoveryPoints(siteB, { resourceGroup: 'twinsite-replica' });
      expect(points.map((p) => p.diskRole).sort()).toEqual(['data-0', 'os']);
      for (const p of points) {
        expect(p.sourceResourceId.toLowerCase()).toBe(web.id.toLowerCase());
        expect(Number.isNaN(Date.parse(p.recoveryPointAt))).toBe(false);
        expect(p.resourceGroup).toBe('twinsite-replica');
      }
      expect(inRg).toEqual(points);

      const calls = (await requestLog(h.sim, h.b, before)).filter(
        (r) => !r.path.startsWith('/adfs') && !r.path.startsWith('/metadata'),
      );
      expect(calls.map((r) => `${r.method} ${r.path.replace(h.b.subscriptionId, '{sub}')}`)).toEqual([
        'GET /subscriptions/{sub}/providers/Microsoft.Compute/snapshots',
        'GET /subscriptions/{sub}/resourceGroups/twinsite-replica/providers/Microsoft.Compute/snapshots',
      ]);
    });

    it('reads VM sizes and the cores quota', async () => {
      const site = siteFor(h.sim, h.a);
      const sizes = await gw.vmSizes(site);
      expect(sizes).toContainEqual({ name: 'Standard_D2_v2', cores: 2, memoryMb: 7168 });
      await admin(h.sim, h.a, 'POST', '/quota', { cores: 40 });
      // web-1 (2 cores) runs; db-1 is deallocated and holds none.
      expect(await gw.coreQuota(site)).toEqual({ used: 2, limit: 40 });
    });

    it('counts the calls it makes', async () => {
      const seen: string[] = [];
      const stop = gw.onArmCall((e) => seen.push(`${e.siteId} ${e.method} ${e.status}`));
      const before = gw.callCount;
      await gw.vmSizes(siteFor(h.sim, h.a));
      stop();
      expect(gw.callCount - before).toBe(1);
      expect(seen).toEqual(['site-stamp-a GET 200']);
    });
  });

  it('measures its own overhead against a raw keep-alive request', async () => {
    const result = await benchGatewayOverhead(h.sim, { calls: 30, warmup: 5 });
    expect(result.calls).toBe(30);
    expect(Number.isFinite(result.gatewayMsPerCall)).toBe(true);
    expect(Number.isFinite(result.rawMsPerCall)).toBe(true);
    expect(result.overheadMs).toBeCloseTo(result.gatewayMsPerCall - result.rawMsPerCall, 6);
  });
});

import { TestSim, admin, arm, createResourceGroup, sleep, startTestSim, subPath, trustCa } from './support';

// The ARM surface a client meets before any resource provider: discovery, auth,
// api-version checks, resource groups, long-running operations, throttling, the log.

describe('stamp simulator: ARM surface', () => {
  let t: TestSim;

  beforeAll(async () => {
    t = await startTestSim();
    trustCa(t.sim.caPem);
  });
  afterAll(() => t.stop());

  it('answers endpoint discovery as an ADFS stamp does', async () => {
    const res = await arm(t.a, 'GET', '/metadata/endpoints?api-version=2015-01-01', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.authentication.loginEndpoint).toBe(`${t.a.url}/adfs`);
    expect(res.body.authentication.audiences).toHaveLength(1);
    expect(res.body.authentication.audiences[0]).toMatch(
      /^https:\/\/management\.stamp-a\.twinsite\.local\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(res.body).toEqual(
      expect.objectContaining({
        galleryEndpoint: expect.any(String),
        graphEndpoint: expect.any(String),
        portalEndpoint: expect.any(String),
      }),
    );
    const b = await arm(t.b, 'GET', '/metadata/endpoints?api-version=2015-01-01', { token: null });
    expect(b.body.authentication.audiences[0]).not.toBe(res.body.authentication.audiences[0]);
  });

  it('refuses calls without a bearer token with an ARM body', async () => {
    const res = await arm(t.a, 'GET', `${subPath(t.a)}/resourcegroups?api-version=2019-10-01`, {
      token: null,
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AuthenticationFailed');
    expect(res.body.error.message).toMatch(/Authorization/);
    const malformed = await arm(t.a, 'GET', `${subPath(t.a)}/resourcegroups?api-version=2019-10-01`, {
      token: null,
      headers: { Authorization: 'Basic abc' },
    });
    expect(malformed.status).toBe(401);
  });

  it('lists the hybrid-profile api-versions of each provider', async () => {
    const compute = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/providers/Microsoft.Compute?api-version=2019-10-01`,
    );
    expect(compute.status).toBe(200);
    const versions = (type: string) =>
      compute.body.resourceTypes.find((r: { resourceType: string }) => r.resourceType === type).apiVersions;
    expect(versions('virtualMachines')[0]).toBe('2020-06-01');
    expect(versions('virtualMachines').length).toBeGreaterThan(2);
    expect(versions('disks')[0]).toBe('2019-07-01');
    expect(versions('snapshots')[0]).toBe('2019-07-01');
    expect(versions('locations/vmSizes')[0]).toBe('2020-06-01');
    expect(versions('locations/usages')[0]).toBe('2020-06-01');
    const all = await arm(t.a, 'GET', `${subPath(t.a)}/providers?api-version=2019-10-01`);
    const network = all.body.value.find((p: { namespace: string }) => p.namespace === 'Microsoft.Network');
    for (const type of network.resourceTypes) expect(type.apiVersions[0]).toBe('2018-11-01');
    const resources = all.body.value.find(
      (p: { namespace: string }) => p.namespace === 'Microsoft.Resources',
    );
    expect(
      resources.resourceTypes.find((r: { resourceType: string }) => r.resourceType === 'resourceGroups')
        .apiVersions[0],
    ).toBe('2019-10-01');
  });

  it("answers an unregistered api-version with ARM's exact body", async () => {
    await createResourceGroup(t.a, 'apiv');
    const res = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/resourceGroups/apiv/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'NoRegisteredProviderFound',
        message:
          "No registered resource provider found for location 'east' and API version '2024-07-01' for type 'virtualMachines'. " +
          "The supported api-versions are '2015-06-15, 2016-03-30, 2016-04-30-preview, 2017-03-30, 2017-12-01, 2020-06-01'. " +
          "The supported locations are 'east'.",
      },
    });
    const disks = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/resourceGroups/apiv/providers/Microsoft.Compute/disks?api-version=2020-06-01`,
    );
    expect(disks.status).toBe(400);
    expect(disks.body.error.message).toContain("for type 'disks'");
    const missing = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/resourceGroups/apiv/providers/Microsoft.Network/virtualNetworks`,
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('MissingApiVersionParameter');
    const malformed = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/resourceGroups/apiv/providers/Microsoft.Network/virtualNetworks?api-version=latest`,
    );
    expect(malformed.body.error.code).toBe('InvalidApiVersionParameter');
    const rg = await arm(t.a, 'GET', `${subPath(t.a)}/resourcegroups/apiv?api-version=2021-04-01`);
    expect(rg.status).toBe(400);
    expect(rg.body.error.code).toBe('InvalidApiVersionParameter');
    expect(rg.body.error.message).toMatch(
      /^The api-version '2021-04-01' is invalid\. The supported versions are '2019-10-01,/,
    );
  });

  it('creates, reads, lists and deletes resource groups case-insensitively', async () => {
    const put = await arm(t.a, 'PUT', `${subPath(t.a)}/resourcegroups/Shop-RG?api-version=2019-10-01`, {
      body: { location: 'east', tags: { app: 'shop' } },
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      name: 'Shop-RG',
      location: 'east',
      properties: { provisioningState: 'Succeeded' },
    });
    const again = await arm(t.a, 'PUT', `${subPath(t.a)}/resourcegroups/shop-rg?api-version=2019-10-01`, {
      body: { location: 'east' },
    });
    expect(again.status).toBe(200);
    const get = await arm(
      t.a,
      'GET',
      `/SUBSCRIPTIONS/${t.a.subscriptionId}/RESOURCEGROUPS/SHOP-RG?api-version=2019-10-01`,
    );
    expect(get.status).toBe(200);
    expect(get.body.id).toBe(`${subPath(t.a)}/resourceGroups/Shop-RG`);
    expect(
      (await arm(t.a, 'HEAD', `${subPath(t.a)}/resourcegroups/shop-rg?api-version=2019-10-01`)).status,
    ).toBe(204);
    expect(
      (await arm(t.a, 'HEAD', `${subPath(t.a)}/resourcegroups/nope?api-version=2019-10-01`)).status,
    ).toBe(404);
    const list = await arm(t.a, 'GET', `${subPath(t.a)}/resourcegroups?api-version=2019-10-01`);
    expect(list.body.value.map((r: { name: string }) => r.name)).toContain('Shop-RG');

    const nsg = await arm(
      t.a,
      'PUT',
      `${subPath(t.a)}/resourceGroups/shop-rg/providers/Microsoft.Network/networkSecurityGroups/n1?api-version=2018-11-01`,
      { body: { location: 'east' } },
    );
    expect(nsg.status).toBe(201);
    const del = await arm(t.a, 'DELETE', `${subPath(t.a)}/resourcegroups/shop-rg?api-version=2019-10-01`);
    expect(del.status).toBe(202);
    expect(del.headers.location).toMatch(/\/operationresults\//);
    let polled = await arm(
      t.a,
      'GET',
      new URL(String(del.headers.location)).pathname + new URL(String(del.headers.location)).search,
    );
    expect([202, 204]).toContain(polled.status);
    while (polled.status === 202) {
      await sleep(20);
      polled = await arm(
        t.a,
        'GET',
        new URL(String(del.headers.location)).pathname + new URL(String(del.headers.location)).search,
      );
    }
    expect(polled.status).toBe(204);
    const gone = await arm(t.a, 'GET', `${subPath(t.a)}/resourcegroups/shop-rg?api-version=2019-10-01`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toEqual({
      code: 'ResourceGroupNotFound',
      message: "Resource group 'shop-rg' could not be found.",
    });
    const state = await admin(t.a, 'GET', '/state');
    expect(state.body.counts.networkSecurityGroups ?? 0).toBe(0);
  });

  it('answers 404 ResourceNotFound, ResourceGroupNotFound and SubscriptionNotFound as ARM does', async () => {
    await createResourceGroup(t.a, 'rg404');
    const vm = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/resourceGroups/rg404/providers/Microsoft.Compute/virtualMachines/x?api-version=2020-06-01`,
    );
    expect(vm.status).toBe(404);
    expect(vm.body.error.code).toBe('ResourceNotFound');
    expect(vm.body.error.message).toMatch(
      /^The Resource 'Microsoft.Compute\/virtualMachines\/x' under resource group 'rg404' was not found\./,
    );
    const noRg = await arm(
      t.a,
      'GET',
      `${subPath(t.a)}/resourceGroups/nope/providers/Microsoft.Compute/disks/d?api-version=2019-07-01`,
    );
    expect(noRg.status).toBe(404);
    expect(noRg.body.error.code).toBe('ResourceGroupNotFound');
    const otherSub = await arm(t.a, 'GET', `${subPath(t.b)}/resourcegroups?api-version=2019-10-01`);
    expect(otherSub.status).toBe(404);
    expect(otherSub.body.error.code).toBe('SubscriptionNotFound');
    const deleteMissing = await arm(
      t.a,
      'DELETE',
      `${subPath(t.a)}/resourceGroups/rg404/providers/Microsoft.Network/networkSecurityGroups/none?api-version=2018-11-01`,
    );
    expect(deleteMissing.status).toBe(204);
  });

  it('runs long-running operations the way ARM reports them', async () => {
    await createResourceGroup(t.a, 'lro');
    await admin(t.a, 'POST', '/faults', {
      operationLatencyMs: { 'PUT networkSecurityGroups': 300, 'DELETE networkSecurityGroups': 300 },
    });
    const url = `${subPath(t.a)}/resourceGroups/lro/providers/Microsoft.Network/networkSecurityGroups/slow?api-version=2018-11-01`;
    const put = await arm(t.a, 'PUT', url, { body: { location: 'east' } });
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    const asyncUrl = new URL(String(put.headers['azure-asyncoperation']));
    expect(asyncUrl.pathname).toMatch(
      /\/providers\/Microsoft.Network\/locations\/east\/operations\/[0-9a-f-]+$/,
    );
    const running = await arm(t.a, 'GET', asyncUrl.pathname + asyncUrl.search);
    expect(running.body.status).toBe('InProgress');
    expect((await arm(t.a, 'GET', url)).body.properties.provisioningState).toBe('Creating');
    await sleep(350);
    const done = await arm(t.a, 'GET', asyncUrl.pathname + asyncUrl.search);
    expect(done.body).toMatchObject({
      status: 'Succeeded',
      startTime: expect.any(String),
      endTime: expect.any(String),
    });
    expect((await arm(t.a, 'GET', url)).body.properties.provisioningState).toBe('Succeeded');

    const update = await arm(t.a, 'PUT', url, { body: { location: 'east', tags: { v: '2' } } });
    expect(update.status).toBe(200);
    expect(update.body.properties.provisioningState).toBe('Updating');
    await sleep(350);

    const del = await arm(t.a, 'DELETE', url);
    expect(del.status).toBe(202);
    expect(Number(del.headers['retry-after'])).toBeGreaterThanOrEqual(0);
    const location = new URL(String(del.headers.location));
    expect(location.pathname).toMatch(/\/providers\/Microsoft.Network\/locations\/east\/operationResults\//);
    const pending = await arm(t.a, 'GET', location.pathname + location.search);
    expect(pending.status).toBe(202);
    expect(pending.headers['retry-after']).toBeDefined();
    await sleep(350);
    const finished = await arm(t.a, 'GET', location.pathname + location.search);
    expect(finished.status).toBe(204);
    expect((await arm(t.a, 'GET', url)).status).toBe(404);
    await admin(t.a, 'DELETE', '/faults');
  });

  it('throttles per subscription with read and write budgets', async () => {
    await admin(t.b, 'POST', '/faults', {
      throttle: { reads: 3, writes: 2, windowSeconds: 60, retryAfterSeconds: 7 },
    });
    const list = () => arm(t.b, 'GET', `${subPath(t.b)}/resourcegroups?api-version=2019-10-01`);
    const first = await list();
    expect(first.status).toBe(200);
    expect(first.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('2');
    expect(first.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('2');
    expect((await list()).headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('1');
    expect((await list()).headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('0');
    const throttled = await list();
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.body.error.code).toBe('TooManyRequests');
    // Writes have their own budget.
    const write = await arm(t.b, 'PUT', `${subPath(t.b)}/resourcegroups/w1?api-version=2019-10-01`, {
      body: { location: 'west' },
    });
    expect(write.status).toBe(201);
    expect(write.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('1');
    await admin(t.b, 'DELETE', '/faults');
    const after = await list();
    expect(after.status).toBe(200);
    expect(Number(after.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBeGreaterThan(100);
  });

  it('logs every ARM call it receives', async () => {
    await admin(t.b, 'DELETE', '/requests');
    const before = (await admin(t.b, 'GET', '/requests')).body.lastSeq;
    await arm(t.b, 'GET', `${subPath(t.b)}/resourcegroups?api-version=2019-10-01`);
    await arm(t.b, 'GET', `${subPath(t.b)}/resourcegroups/none?api-version=2019-10-01`);
    const log = await admin(t.b, 'GET', `/requests?since=${before}`);
    expect(log.status).toBe(200);
    expect(log.body.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `${subPath(t.b)}/resourcegroups`,
        apiVersion: '2019-10-01',
        status: 200,
      }),
      expect.objectContaining({ method: 'GET', path: `${subPath(t.b)}/resourcegroups/none`, status: 404 }),
    ]);
    expect(log.body.requests[0].time).toEqual(expect.any(String));
    const later = await admin(t.b, 'GET', `/requests?since=${log.body.lastSeq}`);
    expect(later.body.requests).toEqual([]);
    await admin(t.b, 'DELETE', '/requests');
    expect((await admin(t.b, 'GET', '/requests')).body.requests).toEqual([]);
  });
});

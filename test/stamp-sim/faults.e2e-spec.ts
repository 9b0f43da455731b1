import {
  TestSim,
  admin,
  arm,
  computeClient,
  createResourceGroup,
  poll,
  raw,
  sleep,
  startTestSim,
  subPath,
  trustCa,
} from './support';

// Faults injected through /_sim/faults, observed the way a client would observe them.

const NSG = 'Microsoft.Network/networkSecurityGroups';

describe('stamp simulator: fault injection', () => {
  let t: TestSim;
  const rgList = () => `${subPath(t.a)}/resourcegroups?api-version=2019-10-01`;
  const nsgUrl = (name: string) =>
    `${subPath(t.a)}/resourceGroups/faults/providers/${NSG}/${name}?api-version=2018-11-01`;

  beforeAll(async () => {
    t = await startTestSim();
    trustCa(t.sim.caPem);
    await createResourceGroup(t.a, 'faults');
  });
  afterEach(async () => {
    await admin(t.a, 'DELETE', '/faults');
  });
  afterAll(() => t.stop());

  it('down: refuse closes the ARM listener while the admin port stays up, and reopens it', async () => {
    const set = await admin(t.a, 'POST', '/faults', { down: 'refuse' });
    expect(set.body.down).toBe('refuse');
    const lastSeq = (await admin(t.a, 'GET', '/requests')).body.lastSeq;
    await expect(arm(t.a, 'GET', rgList())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await admin(t.a, 'GET', '/state')).body.down).toBe('refuse');
    // The stamp received nothing: there is nothing in its log.
    expect((await admin(t.a, 'GET', `/requests?since=${lastSeq}`)).body.requests).toEqual([]);
    // The other stamp is unaffected.
    expect((await arm(t.b, 'GET', `${subPath(t.b)}/resourcegroups?api-version=2019-10-01`)).status).toBe(200);
    await admin(t.a, 'DELETE', '/faults');
    expect((await arm(t.a, 'GET', rgList())).status).toBe(200);
  });

  it('down: refuse set through the main port still answers the call that set it', async () => {
    const res = await raw(`${t.a.url}/_sim/faults`, 'POST', { token: null, body: { down: 'refuse' } });
    expect(res.status).toBe(200);
    await expect(arm(t.a, 'GET', rgList())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('down: hang accepts connections and never answers', async () => {
    await admin(t.a, 'POST', '/faults', { down: 'hang' });
    await expect(arm(t.a, 'GET', rgList(), { timeoutMs: 300 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    const log = (await admin(t.a, 'GET', '/requests')).body.requests;
    expect(log[log.length - 1]).toMatchObject({ method: 'GET', status: null, outcome: 'hung' });
    // An SDK client with a short timeout gives up too.
    const compute = computeClient(t, t.a);
    const aborted = compute.virtualMachineSizes.list('east', { requestOptions: { timeout: 300 } }).next();
    await expect(aborted).rejects.toBeDefined();
    await admin(t.a, 'DELETE', '/faults');
    expect((await arm(t.a, 'GET', rgList())).status).toBe(200);
  });

  it('latencyMs delays every ARM answer by at least that long', async () => {
    await admin(t.a, 'POST', '/faults', { latencyMs: 250 });
    const started = Date.now();
    const res = await arm(t.a, 'GET', rgList());
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('errorRate answers the given share of calls with 500/503 ARM errors', async () => {
    await admin(t.a, 'POST', '/faults', { errorRate: 1 });
    for (let i = 0; i < 5; i++) {
      const res = await arm(t.a, 'GET', rgList());
      expect([500, 503]).toContain(res.status);
      expect(['InternalServerError', 'ServiceUnavailable']).toContain(res.body.error.code);
    }
    await admin(t.a, 'POST', '/faults', { errorRate: 0 });
    expect((await arm(t.a, 'GET', rgList())).status).toBe(200);
  });

  it('failOperation fails matching calls the given number of times', async () => {
    await admin(t.a, 'POST', '/faults', {
      failOperation: [
        {
          method: 'PUT',
          pathContains: 'networkSecurityGroups/flaky',
          status: 409,
          code: 'Conflict',
          message: 'busy',
          times: 1,
        },
      ],
    });
    const first = await arm(t.a, 'PUT', nsgUrl('flaky'), { body: { location: 'east' } });
    expect(first.status).toBe(409);
    expect(first.body).toEqual({ error: { code: 'Conflict', message: 'busy' } });
    expect((await arm(t.a, 'GET', nsgUrl('flaky'))).status).toBe(404);
    const second = await arm(t.a, 'PUT', nsgUrl('flaky'), { body: { location: 'east' } });
    expect(second.status).toBe(201);
    expect((await admin(t.a, 'GET', '/faults')).body.failOperation).toEqual([]);
  });

  it('failOperation with async: true lets the operation start and then fail', async () => {
    await admin(t.a, 'POST', '/faults', {
      failOperation: [
        {
          method: 'PUT',
          pathContains: '/disks/doomed',
          status: 500,
          code: 'InternalDiskManagementError',
          async: true,
        },
      ],
    });
    const compute = computeClient(t, t.a);
    await expect(
      compute.disks.beginCreateOrUpdateAndWait(
        'faults',
        'doomed',
        { location: 'east', diskSizeGB: 8, creationData: { createOption: 'Empty' } },
        poll,
      ),
    ).rejects.toThrow(/InternalDiskManagementError/);
    expect((await compute.disks.get('faults', 'doomed')).provisioningState).toBe('Failed');
  });

  it('dropAfterApply applies the call and cuts the connection without an answer', async () => {
    await admin(t.a, 'POST', '/faults', {
      dropAfterApply: [{ method: 'PUT', pathContains: 'networkSecurityGroups/lost', times: 1 }],
    });
    await expect(arm(t.a, 'PUT', nsgUrl('lost'), { body: { location: 'east' } })).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|EPIPE/),
    });
    const applied = await arm(t.a, 'GET', nsgUrl('lost'));
    expect(applied.status).toBe(200);
    const log = (await admin(t.a, 'GET', '/requests')).body.requests as Array<{
      method: string;
      path: string;
      outcome?: string;
    }>;
    expect(log.find((r) => r.method === 'PUT' && r.path.endsWith('/lost'))?.outcome).toBe('dropped');
    // Only once: the retry gets its answer.
    expect((await arm(t.a, 'PUT', nsgUrl('lost'), { body: { location: 'east' } })).status).toBe(200);
  });

  it('clockSkewSeconds shifts the times the stamp writes', async () => {
    await admin(t.a, 'POST', '/faults', { clockSkewSeconds: 3600 });
    const res = await arm(t.a, 'GET', rgList());
    const skew = Date.parse(String(res.headers.date)) - Date.now();
    expect(skew).toBeGreaterThan(3500_000);
    expect(skew).toBeLessThan(3700_000);
    const disk = await arm(
      t.a,
      'PUT',
      `${subPath(t.a)}/resourceGroups/faults/providers/Microsoft.Compute/disks/skewed?api-version=2019-07-01`,
      {
        body: { location: 'east', properties: { diskSizeGB: 4, creationData: { createOption: 'Empty' } } },
      },
    );
    expect(Date.parse(disk.body.properties.timeCreated) - Date.now()).toBeGreaterThan(3500_000);
  });

  it('operationLatencyMs makes one kind of operation slow', async () => {
    await admin(t.a, 'POST', '/faults', { operationLatencyMs: { 'PUT networkSecurityGroups': 300 } });
    const put = await arm(t.a, 'PUT', nsgUrl('slowpoke'), { body: { location: 'east' } });
    const status = new URL(String(put.headers['azure-asyncoperation']));
    expect((await arm(t.a, 'GET', status.pathname + status.search)).body.status).toBe('InProgress');
    await sleep(320);
    expect((await arm(t.a, 'GET', status.pathname + status.search)).body.status).toBe('Succeeded');
  });

  it('rejects malformed fault documents', async () => {
    const res = await admin(t.a, 'POST', '/faults', { down: 'sideways' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidFault');
    expect((await admin(t.a, 'POST', '/faults', { errorRate: 2 })).status).toBe(400);
  });

  it('reset clears state and faults', async () => {
    await admin(t.a, 'POST', '/faults', { latencyMs: 50, linkDown: true });
    const reset = await admin(t.a, 'POST', '/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.counts).toEqual({ resourceGroups: 0 });
    expect((await admin(t.a, 'GET', '/faults')).body).toMatchObject({
      latencyMs: 0,
      linkDown: false,
      down: false,
    });
    await createResourceGroup(t.a, 'faults');
  });
});

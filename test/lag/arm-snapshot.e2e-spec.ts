import { Client } from 'pg';
import { admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, lastSeq, requestLog, SimHarness, startSim } from '../support/sim';
import { SseClient } from '../alerts/alerts-support';
import {
  alertEvents,
  alertsOf,
  createPair,
  eventStream,
  getPair,
  openAlerts,
  sampleNow,
  sleep,
  sql,
  unique,
} from './lag-support';

/**
 * `arm-snapshot` against the stamp simulator: replication jobs write tagged
 * recovery-point snapshots at the target stamp every second; the `linkDown` fault
 * stops them, and the lag grows for real.
 */
describe('arm-snapshot lag source against the simulated stamps', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let db: Client;
  let sim: SimHarness;
  let stream: SseClient;
  const pairIds: string[] = [];
  const jobIds: string[] = [];
  let targetSiteId: string;
  const RPO = 8;

  const sample = () => sampleNow(ctl, db, pairIds);
  const lags = async () =>
    Promise.all(pairIds.map(async (id) => (await getPair(ctl, id)).lagSeconds as number));

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    sim = await startSim();
    ctl = await startController({ databaseUrl });
    db = await sql(databaseUrl);
    stream = await eventStream(ctl);
    await simAdmin(sim.sim, sim.a, 'POST', '/seed', {
      resourceGroups: ['app-rg'],
      virtualNetworks: [
        {
          name: 'app-vnet',
          resourceGroup: 'app-rg',
          addressPrefixes: ['10.1.0.0/16'],
          subnets: [{ name: 'web', addressPrefix: '10.1.1.0/24' }],
        },
      ],
      virtualMachines: ['web-01', 'web-02', 'db-01'].map((name) => ({
        name,
        resourceGroup: 'app-rg',
        size: 'Standard_DS2_v2',
        osType: 'Linux',
        dataDisks: name === 'db-01' ? [{ lun: 0, sizeGB: 64 }] : [],
        nic: { vnet: 'app-vnet', subnet: 'web' },
      })),
    });
    const site = async (stamp: typeof sim.a) =>
      (
        await ctl
          .http()
          .post('/api/v1/sites')
          .set(admin)
          .send({
            name: unique(stamp.name),
            armEndpoint: stamp.url,
            location: stamp.location,
            subscriptionId: stamp.subscriptionId,
            tenantId: 'adfs',
            clientId: 'twinsite',
            clientSecret: 'sim-secret',
            caCertificate: sim.sim.caPem,
          })
          .expect(201)
      ).body.id as string;
    const sourceSiteId = await site(sim.a);
    targetSiteId = await site(sim.b);
    const app = await ctl
      .http()
      .post('/api/v1/applications')
      .set(admin)
      .send({
        name: unique('shop'),
        owner: 'shop@contoso.com',
        tier: 1,
        rpoSeconds: RPO,
        rtoSeconds: 900,
        protection: 'replication',
      })
      .expect(201);
    for (const name of ['web-01', 'web-02', 'db-01']) {
      const vmId = `/subscriptions/${sim.a.subscriptionId}/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines/${name}`;
      const job = await simAdmin(sim.sim, sim.a, 'POST', '/replication-jobs', {
        sourceVmId: vmId,
        targetStamp: 'stamp-b',
        intervalSeconds: 1,
      });
      jobIds.push(job.id);
      // Matched case-insensitively: web-02 is registered in another case than the tag carries.
      const sourceResourceId =
        name === 'web-02' ? vmId.replace('app-rg', 'APP-RG').replace('web-02', 'WEB-02') : vmId;
      const pair = await createPair(
        ctl,
        { applicationId: app.body.id, sourceSiteId, targetSiteId },
        { sourceResourceId, target: { resourceGroup: 'app-rg-dr' }, lagSource: { kind: 'arm-snapshot' } },
      );
      pairIds.push(pair.id);
    }
  }, 120_000);
  afterAll(async () => {
    for (const id of jobIds)
      await simAdmin(sim.sim, sim.a, 'DELETE', `/replication-jobs/${id}`).catch(() => undefined);
    await stream?.close();
    await db?.end();
    await ctl?.close();
    await sim?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('reads the newest recovery point of each pair at the target with ONE list call per target site per cycle', async () => {
    await sample();
    const since = await lastSeq(sim.sim, sim.b);
    await sleep(1200);
    await sample();
    const calls = (await requestLog(sim.sim, sim.b, since)).filter(
      (r) => r.method === 'GET' && /\/snapshots$/i.test(r.path.split('?')[0]),
    );
    expect(calls).toHaveLength(1);
    // Nothing asked of the source stamp: recovery points are what is present at the target.
    const sourceCalls = (await requestLog(sim.sim, sim.a, since)).filter((r) => /snapshots/i.test(r.path));
    expect(sourceCalls).toHaveLength(0);
    for (const lag of await lags()) {
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(4);
    }
    for (const id of pairIds) {
      const pair = await getPair(ctl, id);
      expect(pair.state).toBe('protected');
      expect(pair.lastRecoveryPointAt).toEqual(expect.any(String));
    }
  });

  it('linkDown: no new recovery points, lag grows, the breach opens (on the event stream); link up: it resolves', async () => {
    await simAdmin(sim.sim, sim.a, 'POST', '/faults', { linkDown: true });
    const downAt = Date.now();
    try {
      let worst = 0;
      while (worst <= RPO + 1) {
        await sample();
        worst = Math.min(...(await lags()));
        if (Date.now() - downAt > 40_000) throw new Error(`lag did not grow: ${worst}`);
        await sleep(1000);
      }
      for (const id of pairIds) {
        expect(await openAlerts(ctl, id)).toEqual(['rpo-breach', 'rpo-warning']);
        expect((await getPair(ctl, id)).state).toBe('lagging');
        await stream.waitFor(
          (e) => e.type === 'alert' && e.data.alert.pairId === id && e.data.alert.kind === 'rpo-breach',
        );
      }
      // A link down is lag, not a failing source: ARM answers, the points are just old.
      const { rows } = await db.query(
        `SELECT bool_or(failing) AS failing, bool_or(stale) AS stale FROM lag_samples WHERE pair_id = ANY ($1::uuid[])`,
        [pairIds],
      );
      expect(rows[0]).toEqual({ failing: false, stale: false });
    } finally {
      await simAdmin(sim.sim, sim.a, 'POST', '/faults', { linkDown: false });
    }
    await sleep(1500);
    await sample();
    for (const id of pairIds) {
      expect(await openAlerts(ctl, id)).toEqual([]);
      expect((await getPair(ctl, id)).state).toBe('protected');
      expect(alertEvents(stream, id).sort()).toEqual([
        'opened:rpo-breach',
        'opened:rpo-warning',
        'resolved:rpo-breach',
        'resolved:rpo-warning',
      ]);
    }
  });

  it('the target stamp down: site-unreachable, the pairs failing with their lag growing (stale, never 0); back up: all resolve', async () => {
    await sample();
    await simAdmin(sim.sim, sim.b, 'POST', '/faults', { down: 'refuse' });
    try {
      await sleep(1000);
      await sample();
      await sleep(1000);
      await sample();
      for (const id of pairIds) {
        const pair = await getPair(ctl, id);
        expect(pair.state).toBe('failing');
        expect(pair.lagSeconds).toBeGreaterThan(1.5);
        expect(await openAlerts(ctl, id)).toContain('lag-source-failing');
      }
      const site = await ctl
        .http()
        .get(`/api/v1/alerts?siteId=${targetSiteId}&kind=site-unreachable&state=open`)
        .set(admin)
        .expect(200);
      expect(site.body.items).toHaveLength(1);
      const { rows } = await db.query(
        `SELECT lag_seconds, stale FROM lag_samples WHERE pair_id = $1 ORDER BY at DESC LIMIT 2`,
        [pairIds[0]],
      );
      expect(rows.every((r) => r.stale && r.lag_seconds > 0)).toBe(true);
    } finally {
      await simAdmin(sim.sim, sim.b, 'DELETE', '/faults');
    }
    // The gateway's circuit half-opens after a moment; then the listing answers again.
    for (let i = 0; i < 30; i++) {
      await sleep(500);
      await sample();
      if ((await getPair(ctl, pairIds[0])).state === 'protected') break;
    }
    for (const id of pairIds) {
      expect((await getPair(ctl, id)).state).toBe('protected');
      expect(await openAlerts(ctl, id)).toEqual([]);
      expect(
        (await alertsOf(ctl, id)).some((a) => a.kind === 'lag-source-failing' && a.state === 'resolved'),
      ).toBe(true);
    }
    const site = await ctl
      .http()
      .get(`/api/v1/alerts?siteId=${targetSiteId}&kind=site-unreachable`)
      .set(admin)
      .expect(200);
    expect(site.body.items.map((a: any) => a.state)).toEqual(['resolved']);
  });
});

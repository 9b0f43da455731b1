import { requestLog } from '../support/sim';
import { inventoryOf, recordedResources, taggedWith } from '../../scripts/chaos';
import { FailoverHarness, startFailoverHarness } from './harness';

/**
 * A drill: the plan fails over into the isolated test network and is cleaned up. The
 * source is never written to, and afterwards the target stamp is exactly as before.
 */
describe('test failover and cleanup', () => {
  let h: FailoverHarness;

  beforeAll(async () => {
    h = await startFailoverHarness({
      vms: 3,
      dbVms: 1,
      dataDisks: 1,
      groups: (ids) => [
        { name: 'db', pairIds: ids.slice(0, 1) },
        {
          name: 'web',
          pairIds: ids.slice(1),
          after: [
            { kind: 'health-check', protocol: 'tcp', target: `pair:${ids[1]}`, port: 80, timeoutSeconds: 30 },
          ],
        },
      ],
    });
  });
  afterAll(async () => h?.stop());

  it('brings the plan up in the test network, records what it made, and cleanup leaves the target exactly as before', async () => {
    const before = await inventoryOf(h.api, h.estate.siteB);
    const sourceSeq = (await requestLog(h.sim.sim, h.sim.a)).at(-1)?.seq ?? 0;

    const started = await h.start({ acceptWarnings: true }, 'drill-1');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      planId: h.estate.planId,
      kind: 'test',
      state: 'running',
      allowedActions: ['cancel'],
    });
    expect(started.body.preflight.findings.filter((f: any) => f.severity === 'error')).toEqual([]);

    const run = await h.waitFor(started.body.id, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    expect(run.allowedActions).toEqual(['cleanup']);
    expect(run.recoveryPointAt).toEqual(expect.any(String));
    expect(run.achievedRpoSeconds).toBeGreaterThanOrEqual(0);
    expect(run.achievedRtoSeconds).toBeGreaterThan(0);
    const vmSteps = run.steps.filter((s: any) => s.kind === 'recover-vm');
    expect(vmSteps).toHaveLength(3);
    for (const step of vmSteps) {
      expect(step).toMatchObject({
        state: 'succeeded',
        attempts: 1,
        startedAt: expect.any(String),
        endedAt: expect.any(String),
      });
      expect(step.resources.map((r: any) => r.type).sort()).toEqual(
        expect.arrayContaining([
          'Microsoft.Compute/disks',
          'Microsoft.Compute/virtualMachines',
          'Microsoft.Network/networkInterfaces',
        ]),
      );
    }

    // In the isolated network: test subnet and NSG, no production load balancer.
    const inventory = (await h.api.ok('GET', `/sites/${h.estate.siteB}/inventory`)) as any;
    const testVms = inventory.vms.filter((v: any) => v.tags['twinsite-run'] === run.id);
    expect(testVms.map((v: any) => v.name).sort()).toEqual(['vm-001', 'vm-002', 'vm-003']);
    expect(testVms.every((v: any) => v.powerState === 'running' && /-test-/.test(v.resourceGroup))).toBe(
      true,
    );
    expect(testVms.find((v: any) => v.name === 'vm-002').privateIps).toEqual(['10.1.1.10']);
    const testNic = (await h.gateway.inventory({ ...(await siteConnection(h)) })).vms.find(
      (v) => v.name === 'vm-002',
    )!.nicIds[0];
    expect(testNic).toMatch(/vm-002-dr$/);

    // Everything made is tagged with the run and recorded by a step: no orphans.
    const tagged = await taggedWith(h.sim, h.sim.b, run.id);
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.filter((id) => !recordedResources(run).includes(id))).toEqual([]);

    // A test changes nothing at the source.
    const sourceWrites = (await requestLog(h.sim.sim, h.sim.a, sourceSeq)).filter(
      (e) => e.method !== 'GET' && !e.path.startsWith('/adfs'),
    );
    expect(sourceWrites).toEqual([]);

    const cleanup = await h.api.ok('POST', `/failovers/${run.id}/cleanup`, {});
    expect(cleanup.state).toBe('cleaning-up');
    const cleaned = await h.waitFor(run.id, 'cleaned-up', 'cleanup-failed');
    expect(cleaned.state).toBe('cleaned-up');
    expect(await taggedWith(h.sim, h.sim.b, run.id)).toEqual([]);
    expect(await inventoryOf(h.api, h.estate.siteB)).toEqual(before);

    const recovery = await h.api.ok('GET', `/applications/${h.estate.applicationId}/recovery`);
    expect(recovery.drills[0]).toMatchObject({
      runId: run.id,
      cleanupCompleted: true,
      achievedRtoSeconds: run.achievedRtoSeconds,
      rtoSeconds: 3600,
    });
    expect(recovery.mttrSeconds).toBe(run.achievedRtoSeconds);
  });
});

async function siteConnection(h: FailoverHarness) {
  return {
    siteId: 'check',
    armEndpoint: h.sim.b.url,
    subscriptionId: h.sim.b.subscriptionId,
    tenantId: 'adfs',
    clientId: 'x',
    clientSecret: 'y',
    caCertificate: h.sim.sim.caPem,
    apiProfile: '2020-09-01-hybrid',
    location: h.sim.b.location,
  };
}

import * as crypto from 'node:crypto';
import { ADMIN_TOKEN } from '../support/controller';
import { admin as simAdmin } from '../support/sim';
import { FailoverHarness, startFailoverHarness } from './harness';
import { collectRunEvents, ReceivedCall, startReceiver, startTcpListener } from './receivers';

const HOOK_SECRET = 'planned-hook-secret-8c1f2e';

/**
 * A planned failover of a three-group plan: the source VMs stop first, an operator
 * approves, a signed webhook is called, health checks pass; nothing is lost. Then the
 * operator commits, reprotects (the pairs turn around) and fails back.
 */
describe('planned failover, commit, reprotect and failback', () => {
  let h: FailoverHarness;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let tcp: Awaited<ReturnType<typeof startTcpListener>>;
  let sse: ReturnType<typeof collectRunEvents>;

  beforeAll(async () => {
    hook = await startReceiver();
    tcp = await startTcpListener();
    h = await startFailoverHarness({
      vms: 3,
      dbVms: 1,
      groups: (ids) => [
        {
          name: 'db',
          pairIds: [ids[0]],
          before: [{ kind: 'manual-approval', message: 'Confirm the primary database is fenced' }],
          after: [{ kind: 'webhook', url: hook.url, timeoutSeconds: 5, retries: 1, secret: HOOK_SECRET }],
        },
        {
          name: 'app',
          pairIds: [ids[1]],
          after: [
            {
              kind: 'health-check',
              protocol: 'tcp',
              target: '127.0.0.1',
              port: tcp.port,
              timeoutSeconds: 20,
            },
          ],
        },
        {
          name: 'web',
          pairIds: [ids[2]],
          after: [
            {
              kind: 'health-check',
              protocol: 'tcp',
              target: `pair:${ids[2]}`,
              port: 443,
              timeoutSeconds: 30,
            },
          ],
        },
      ],
    });
    sse = collectRunEvents(h.ctl.url, ADMIN_TOKEN);
    await sse.ready;
  });
  afterAll(async () => {
    sse?.stop();
    await h?.stop();
    await hook?.close();
    await tcp?.close();
  });

  let runId: string;
  let run: any;

  it('stops the source first, then waits for an operator, who approves; the run records who and when', async () => {
    const started = await h.start({ kind: 'planned' }, crypto.randomUUID());
    expect(started.status).toBe(202);
    runId = started.body.id;
    expect(started.body.steps.map((s: any) => s.kind)).toEqual([
      'resource-group',
      'stop-source',
      'stop-source',
      'stop-source',
      'manual-approval',
      'recover-vm',
      'webhook',
      'recover-vm',
      'health-check',
      'recover-vm',
      'health-check',
    ]);

    const waiting = await h.waitFor(runId, 'waiting-for-approval', 'failed');
    expect(waiting.state).toBe('waiting-for-approval');
    expect(waiting.allowedActions).toEqual(['approve', 'cancel']);
    expect(waiting.steps.filter((s: any) => s.kind === 'stop-source').map((s: any) => s.state)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const source = (await h.api.ok('GET', `/sites/${h.estate.siteA}/inventory`)) as any;
    expect(source.vms.map((v: any) => v.powerState)).toEqual(['deallocated', 'deallocated', 'deallocated']);
    expect(waiting.steps.find((s: any) => s.kind === 'recover-vm').state).toBe('pending');

    // Editing the plan now changes nothing for this run: it runs the plan as it was.
    const plan = await h.api.ok('GET', `/plans/${h.estate.planId}`);
    await h.api.ok('PATCH', `/plans/${h.estate.planId}`, {
      version: plan.version,
      groups: [{ name: 'everything', pairIds: h.estate.pairIds }],
    });

    const approved = await h.api.ok('POST', `/failovers/${runId}/approve`, {
      note: 'primary fenced at 10:02',
    });
    expect(approved.state).toBe('running');
    const step = approved.steps.find((s: any) => s.kind === 'manual-approval');
    expect(step).toMatchObject({
      state: 'succeeded',
      approvedBy: approved.requestedBy,
      approvedAt: expect.any(String),
    });
    expect(approved.actions.at(-1)).toMatchObject({
      action: 'approve',
      by: approved.requestedBy,
      note: 'primary fenced at 10:02',
    });
  });

  it('fails over with no data loss: each VM from a recovery point taken after its source stopped; webhook signed; checks healthy', async () => {
    run = await h.waitFor(runId, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    expect(run.steps).toHaveLength(11); // the plan as it was when the run started
    expect(run.achievedRpoSeconds).toBe(0);
    expect(run.achievedRtoSeconds).toBeGreaterThan(0);
    expect(run.healthyAt).toEqual(expect.any(String));
    const stops = new Map(
      run.steps
        .filter((s: any) => s.kind === 'stop-source')
        .map((s: any) => [s.pairId, Date.parse(s.output.stoppedAt)]),
    );
    for (const s of run.steps.filter((x: any) => x.kind === 'recover-vm')) {
      expect(Date.parse(s.output.recoveryPointAt)).toBeGreaterThan(stops.get(s.pairId) as number);
    }

    expect(hook.calls).toHaveLength(1);
    const call: ReceivedCall = hook.calls[0];
    const expected = `sha256=${crypto.createHmac('sha256', HOOK_SECRET).update(call.body).digest('hex')}`;
    expect(call.headers['x-twinsite-signature']).toBe(expected);
    expect(JSON.parse(call.body)).toMatchObject({
      runId,
      runKind: 'planned',
      planId: h.estate.planId,
      group: 'db',
    });

    // Production network at the target: mapped subnet and NSG, the load balancer pool, a public IP for web.
    const web = run.steps.find((s: any) => s.kind === 'recover-vm' && s.pairId === h.estate.pairIds[2]);
    expect(web.output).toMatchObject({
      resourceGroup: 'app-dr',
      privateIp: '10.1.1.11',
      publicIp: expect.stringMatching(/^198\.51\.100\./),
    });
    const nics = await simAdmin<any>(h.sim.sim, h.sim.b, 'GET', '/resources?type=networkInterfaces');
    const nic = (Array.isArray(nics) ? nics : nics.resources).find((r: any) => /vm-003-dr$/.test(r.id));
    const ipConfig = nic.properties.ipConfigurations[0].properties;
    expect(ipConfig.subnet.id).toMatch(/dr-vnet\/subnets\/web$/);
    expect(ipConfig.loadBalancerBackendAddressPools[0].id).toMatch(/dr-lb\/backendAddressPools\/web-pool$/);
    expect(nic.properties.networkSecurityGroup.id).toMatch(/dr-web-nsg$/);

    const health = run.steps.filter((s: any) => s.kind === 'health-check');
    expect(health.map((s: any) => s.state)).toEqual(['succeeded', 'succeeded']);
    expect(health[1].output.detail).toMatch(/running per ARM/);

    expect(sse.events.some((e) => e.id === runId && e.state === 'failed-over')).toBe(true);
    expect(
      sse.events.some(
        (e) => e.id === runId && e.event === 'step' && e.step?.state === 'waiting-for-approval',
      ),
    ).toBe(true);
  });

  it('commits and reprotects: the pairs now replicate from the new VMs back to the original site', async () => {
    const committed = await h.api.ok('POST', `/failovers/${runId}/commit`, {});
    expect(committed).toMatchObject({ state: 'committed', active: false, allowedActions: ['reprotect'] });
    const reprotected = await h.api.ok('POST', `/failovers/${runId}/reprotect`, {});
    expect(reprotected).toMatchObject({ state: 'reprotected', allowedActions: ['failback'] });
    for (const [i, pairId] of h.estate.pairIds.entries()) {
      const pair = await h.api.ok('GET', `/pairs/${pairId}`);
      const vmStep = run.steps.find((s: any) => s.kind === 'recover-vm' && s.pairId === pairId);
      expect(pair).toMatchObject({
        sourceSiteId: h.estate.siteB,
        targetSiteId: h.estate.siteA,
        sourceResourceId: vmStep.output.vmId,
      });
      expect(pair.target).toMatchObject({ mode: 'standby', standbyVmId: h.seeded.vmIds[i] });
    }
  });

  it('fails back: a planned failover the other way, stopping the new VMs and starting the originals', async () => {
    const answer = await h.api.request(
      'POST',
      `/failovers/${runId}/failback`,
      {},
      { 'Idempotency-Key': `failback-${runId}` },
    );
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      kind: 'planned',
      failbackOf: runId,
      sourceSiteId: h.estate.siteB,
      targetSiteId: h.estate.siteA,
    });
    const back = await h.waitFor(answer.body.id, 'failed-over', 'failed');
    expect(back.state).toBe('failed-over');
    expect(back.steps.map((s: any) => s.kind)).toEqual([
      'stop-source',
      'stop-source',
      'stop-source',
      'start-standby',
      'start-standby',
      'start-standby',
    ]);
    const original = (await h.api.ok('GET', `/sites/${h.estate.siteA}/inventory`)) as any;
    expect(original.vms.map((v: any) => v.powerState)).toEqual(['running', 'running', 'running']);

    const audit = await h.api.ok('GET', `/audit?resourceType=failover&limit=50`);
    const actions = audit.items
      .map(
        (e: any) =>
          `${e.action} ${e.resourceId === runId ? 'run' : e.resourceId === answer.body.id ? 'failback' : '?'}`,
      )
      .reverse();
    expect(actions).toEqual([
      'failover.start run',
      'failover.approve run',
      'failover.commit run',
      'failover.reprotect run',
      'failover.failback failback',
    ]);
    expect(new Set(audit.items.map((e: any) => e.actorName))).toEqual(new Set([back.requestedBy]));

    const recovery = await h.api.ok('GET', `/applications/${h.estate.applicationId}/recovery`);
    expect(recovery.runs.map((r: any) => r.runId)).toEqual([answer.body.id, runId]);
    expect(recovery.realMttrSeconds).toBeGreaterThan(0);
  });
});

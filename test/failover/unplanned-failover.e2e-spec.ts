import * as crypto from 'node:crypto';
import { admin as simAdmin, lastSeq, requestLog } from '../support/sim';
import { FailoverHarness, startFailoverHarness } from './harness';
import { startReceiver } from './receivers';

const IPS = ['10.1.2.10', '10.1.1.10', '10.1.1.11'];

/**
 * The source stamp is gone. An unplanned failover never calls it: the pairs' own
 * settings and the mappings say how each VM comes up, and the latest recovery point
 * at the target is what there is.
 */
describe('unplanned failover with the source stamp down', () => {
  let h: FailoverHarness;
  let dns: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    dns = await startReceiver();
    h = await startFailoverHarness({
      vms: 3,
      dbVms: 1,
      target: (i) => ({ staticIp: IPS[i] }),
      groups: (ids) => [
        { name: 'db', pairIds: [ids[0]], after: [{ kind: 'database-promote', pairId: ids[0] }] },
        {
          name: 'web',
          pairIds: ids.slice(1),
          after: [
            {
              kind: 'dns-update',
              provider: 'webhook',
              url: dns.url,
              recordName: 'shop.contoso.com',
              ttlSeconds: 60,
              secret: 'dns-hook-secret-4a7b9c',
            },
          ],
        },
      ],
    });
    // The database pair's lag source is PostgreSQL; its "replica" here is a server that is already a primary.
    const pair = await h.api.ok('GET', `/pairs/${h.estate.pairIds[0]}`);
    await h.api.ok('PATCH', `/pairs/${h.estate.pairIds[0]}`, {
      version: pair.version,
      lagSource: { kind: 'postgres', primaryUrl: h.databaseUrl, replicaUrl: h.databaseUrl },
    });
  });
  afterAll(async () => {
    await simAdmin(h.sim.sim, h.sim.a, 'DELETE', '/faults').catch(() => undefined);
    await h?.stop();
    await dns?.close();
  });

  it('fails over from the latest recovery point without a single call to the source, and records the data lost', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    // Calls to a hanging stamp are logged (and never answered): a call would show.
    await simAdmin(h.sim.sim, h.sim.a, 'POST', '/faults', { down: 'hang' });
    const seq = await lastSeq(h.sim.sim, h.sim.a);

    const warned = await h.start({ kind: 'unplanned' }, crypto.randomUUID());
    expect(warned.status).toBe(409);
    expect(warned.body.error.code).toBe('preflight-warnings');
    expect(warned.body.error.details.findings.map((f: any) => f.code)).toEqual([
      'os-type-assumed',
      'os-type-assumed',
      'os-type-assumed',
    ]);

    const started = await h.start({ kind: 'unplanned', acceptWarnings: true }, crypto.randomUUID());
    expect(started.status).toBe(202);
    expect(started.body.preflight).toMatchObject({ acceptedWarnings: true });
    expect(started.body.recoveryPointAt).toEqual(expect.any(String));
    const run = await h.waitFor(started.body.id, 'failed-over', 'failed');
    expect(run.state).toBe('failed-over');
    expect(run.steps.every((s: any) => s.state === 'succeeded')).toBe(true);
    expect(run.steps.filter((s: any) => s.kind === 'recover-vm').map((s: any) => s.output.privateIp)).toEqual(
      IPS,
    );
    expect(run.steps.find((s: any) => s.kind === 'database-promote').output).toMatchObject({
      engine: 'postgres',
      promoted: false,
      detail: expect.stringContaining('already a primary'),
    });

    // DNS now points at the web VMs' new public addresses at the target.
    const web = run.steps
      .filter((s: any) => s.kind === 'recover-vm' && s.groupIndex === 1)
      .map((s: any) => s.output.publicIp);
    expect(dns.calls).toHaveLength(1);
    expect(JSON.parse(dns.calls[0].body)).toMatchObject({
      event: 'failover.dns-update',
      recordName: 'shop.contoso.com',
      type: 'A',
      ttlSeconds: 60,
      addresses: web,
    });
    expect(dns.calls[0].headers['x-twinsite-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    expect(await requestLog(h.sim.sim, h.sim.a, seq)).toEqual([]);

    const lostSeconds = (Date.parse(run.requestedAt) - Date.parse(run.recoveryPointAt)) / 1000;
    expect(run.achievedRpoSeconds).toBeCloseTo(lostSeconds, 1);
    expect(run.achievedRpoSeconds).toBeGreaterThan(0);
    expect(run.allowedActions).toEqual(['commit']);
  });
});

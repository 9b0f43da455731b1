import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FailoverWorker } from '@twinsite/failover';
import { ADMIN_TOKEN, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { admin as simAdmin, SimHarness, startSim } from '../support/sim';
import { FAST_ENGINE } from '../failover/harness';
import {
  armId,
  inventoryOf,
  seedEstate,
  SeededEstate,
  taggedWith,
  TwinsiteApi,
  vmName,
} from '../../scripts/chaos';
import { buildCli, CliResult, runCli } from './cli-harness';

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const RPO_SECONDS = 20;

/**
 * `twinsite` driving a real failover: the two simulated stamps replicating every second,
 * the controller with its schedulers on (the lag sampler and the failover worker run by
 * themselves), and the estate applied from a file by the CLI itself.
 */
describe('twinsite CLI: apply, failover and alerts against the simulated stamps', () => {
  let databaseUrl: string;
  let sim: SimHarness;
  let seeded: SeededEstate;
  let ctl: TestController;
  let api: TwinsiteApi;
  let cliMain: string;
  let buildDir: string;
  let home: string;
  let estateFile: string;
  let operatorToken: string;
  let runId: string;

  const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
    runCli(cliMain, args, {
      home,
      env: {
        TWINSITE_URL: ctl.url,
        TWINSITE_TOKEN: operatorToken,
        SIM_CA_PEM: sim.sim.caPem,
        STAMP_CLIENT_SECRET: 'sim-client-secret',
        ...env,
      },
    });

  /** The estate as an operator keeps it in git; the simulator's addresses filled in. */
  function estateYaml(): string {
    const sub = (stamp: SimHarness['a'], rg: string, vnet: string, subnet: string) =>
      armId(stamp.subscriptionId, rg, 'Microsoft.Network/virtualNetworks/subnets', vnet, subnet);
    const site = (name: string, stamp: SimHarness['a']) => `
  - name: ${name}
    armEndpoint: ${stamp.url}
    location: ${stamp.location}
    subscriptionId: ${stamp.subscriptionId}
    tenantId: adfs
    clientId: twinsite
    clientSecret: \${STAMP_CLIENT_SECRET}
    caCertificate: \${SIM_CA_PEM}`;
    const mapping = (tier: string) => `
  - name: ${tier}-tier
    source: stamp-east
    target: stamp-west
    sourceSubnetId: ${sub(sim.a, 'app-rg', 'app-vnet', tier)}
    targetSubnetId: ${sub(sim.b, 'dr-net', 'dr-vnet', tier)}
    testSubnetId: ${sub(sim.b, 'dr-net', 'test-vnet', tier)}
    ipMode: keep`;
    const pair = (i: number) => `
  - name: ${vmName(i)}
    application: shop
    source: stamp-east
    target: stamp-west
    sourceResourceId: ${seeded.vmIds[i]}
    sampleIntervalSeconds: 5
    replica: { resourceGroup: shop-dr, vmSize: Standard_A1_v2 }
    lagSource: { kind: arm-snapshot, resourceGroup: replica-rg }`;
    return `sites:${site('stamp-east', sim.a)}${site('stamp-west', sim.b)}

applications:
  - { name: shop, owner: shop-team@contoso.com, tier: 1, rpoSeconds: ${RPO_SECONDS}, rtoSeconds: 900, protection: replication, optIn: true }

networkMappings:${mapping('db')}${mapping('web')}

pairs:${pair(0)}${pair(1)}

plans:
  - name: shop-dr
    application: shop
    groups:
      - { name: database, pairs: [${vmName(0)}] }
      - { name: web, pairs: [${vmName(1)}] }
`;
  }

  beforeAll(async () => {
    [{ main: cliMain, dir: buildDir }, databaseUrl, sim] = await Promise.all([
      buildCli(),
      createTestDatabase(),
      startSim(),
    ]);
    // stamp-a: vm-001 (db subnet) and vm-002 (web); stamp-b: the DR and test networks;
    // a replication job per VM writing a recovery point at stamp-b every second.
    seeded = await seedEstate(sim, { vms: 2, dbVms: 1, dataDisks: 1 });
    ctl = await startController({ databaseUrl, env: { TWINSITE_SCHEDULERS: 'true' } });
    Object.assign(ctl.app.get(FailoverWorker).options, FAST_ENGINE);
    api = new TwinsiteApi(ctl.url, ADMIN_TOKEN);
    operatorToken = (await api.ok('POST', '/tokens', { name: 'cli-operator', role: 'operator' })).token;
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-cli-failover-'));
    estateFile = path.join(home, 'shop.yaml');
    fs.writeFileSync(estateFile, estateYaml());
  }, 180_000);

  afterAll(async () => {
    for (const id of seeded?.jobIds ?? [])
      await simAdmin(sim.sim, sim.a, 'DELETE', `/replication-jobs/${id}`).catch(() => undefined);
    await ctl?.close();
    await sim?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    for (const dir of [home, buildDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the estate, and applied again changes nothing', async () => {
    const first = await cli(['apply', '-f', estateFile], { TWINSITE_TOKEN: ADMIN_TOKEN });
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(lines(first.stdout).at(-1)).toBe('Applied: 8 created, 0 updated, 0 deleted.');
    const again = await cli(['apply', '-f', estateFile], { TWINSITE_TOKEN: ADMIN_TOKEN });
    expect([again.code, lines(again.stdout)]).toEqual([
      0,
      [`No changes: the controller matches ${estateFile} (8 resources).`],
    ]);
    // The sampler reads each pair's recovery points at stamp-west by itself.
    await eventually(
      async () => {
        const pairs = JSON.parse((await cli(['pairs', 'list', '-o', 'json'])).stdout);
        expect(pairs.map((p: any) => [p.name, p.state])).toEqual([
          ['vm-001', 'protected'],
          ['vm-002', 'protected'],
        ]);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  }, 90_000);

  it('starts a test failover and watches it to failed-over (exit 0), then cleans it up (exit 0)', async () => {
    const siteB = (await api.ok('GET', '/sites?limit=500')).items.find(
      (s: any) => s.name === 'stamp-west',
    ).id;
    const before = await inventoryOf(api, siteB);

    const start = await cli(['failover', 'start', '--plan', 'shop-dr', '--kind', 'test', '--yes', '--watch']);
    expect([start.code, start.stderr]).toEqual([
      0,
      expect.stringMatching(/^Started test failover \S+ of plan shop-dr\n/),
    ]);
    runId = /^Started test failover (\S+) of plan shop-dr/.exec(start.stderr)![1];
    expect(start.stderr).toContain(`${runId} failed-over`);
    const progress = lines(start.stdout);
    // One line per change, named as the controller names its steps; the run ends failed over.
    expect(progress.at(-1)).toMatch(new RegExp(`^\\S+ run ${runId}: running → failed-over$`));
    for (const vm of ['vm-001', 'vm-002'])
      expect(progress).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^\\S+ step VM ${vm} runs at stamp-west in the isolated test network.*: \\S+ → succeeded$`,
          ),
        ),
      );

    // The run as a script reads it: the fields the CLI prints are the API's.
    const shown = await cli(['failover', 'show', runId, '-o', 'json']);
    expect(shown.code).toBe(0);
    const run = JSON.parse(shown.stdout);
    expect(run).toMatchObject({ id: runId, kind: 'test', state: 'failed-over', allowedActions: ['cleanup'] });
    expect(run.steps.length).toBeGreaterThanOrEqual(3);
    for (const step of run.steps)
      expect(step).toMatchObject({
        id: expect.any(String),
        name: expect.any(String),
        state: 'succeeded',
        error: null,
      });
    const table = await cli(['failover', 'show', runId]);
    expect(table.stdout).toContain('state: failed-over');
    expect(table.stdout).toMatch(/VM vm-001 runs at stamp-west .* — succeeded/);

    const cleanup = await cli(['failover', 'cleanup', runId, '--watch']);
    expect([cleanup.code, cleanup.stderr.trim()]).toEqual([0, `${runId} cleaned-up`]);
    expect(lines(cleanup.stdout).at(-1)).toMatch(new RegExp(`^\\S+ run ${runId}: cleaning-up → cleaned-up$`));

    // stamp-west is as it was before the drill.
    expect(await taggedWith(sim, sim.b, runId)).toEqual([]);
    expect(await inventoryOf(api, siteB)).toEqual(before);
  }, 120_000);

  it('lists the RPO breach the sampler opens when the replication link is cut, and acknowledges it', async () => {
    await simAdmin(sim.sim, sim.a, 'POST', '/faults', { linkDown: true });
    try {
      const breach = await eventually(
        async () => {
          const res = await cli(['alerts', 'list', '--state', 'open', '--kind', 'rpo-breach', '-o', 'json']);
          expect(res.code).toBe(0);
          const alerts = JSON.parse(res.stdout);
          expect(alerts.length).toBeGreaterThan(0);
          return alerts[0];
        },
        { timeoutMs: 60_000, intervalMs: 1000 },
      );
      const pairs = (await api.ok('GET', '/pairs?limit=500')).items;
      expect(breach).toMatchObject({
        kind: 'rpo-breach',
        state: 'open',
        pairId: expect.any(String),
        openedAt: expect.any(String),
      });
      expect(pairs.map((p: any) => p.id)).toContain(breach.pairId);
      const table = await cli(['alerts', 'list', '--state', 'open']);
      expect(table.stdout).toMatch(new RegExp(`${breach.id}\\s+rpo-breach\\s+open\\s+pair vm-00[12]`));

      const ack = await cli([
        'alerts',
        'ack',
        breach.id,
        '--note',
        'link to stamp-west down, network team on it',
      ]);
      expect([ack.code, ack.stdout.trim()]).toEqual([0, `Acknowledged alert ${breach.id} (rpo-breach)`]);
      const acknowledged = JSON.parse(
        (await cli(['alerts', 'list', '--state', 'acknowledged', '-o', 'json'])).stdout,
      );
      expect(acknowledged).toContainEqual(
        expect.objectContaining({
          id: breach.id,
          acknowledgedBy: 'cli-operator',
          note: 'link to stamp-west down, network team on it',
        }),
      );
    } finally {
      await simAdmin(sim.sim, sim.a, 'POST', '/faults', { linkDown: false });
    }
  }, 120_000);
});

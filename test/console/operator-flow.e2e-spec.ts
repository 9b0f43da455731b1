import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FailoverWorker } from '@twinsite/failover';
import { ADMIN_TOKEN, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, SimHarness, startSim } from '../support/sim';
import { FAST_ENGINE } from '../failover/harness';
import { armId, inventoryOf, taggedWith, TwinsiteApi } from '../../scripts/chaos';
import {
  ensureConsoleBuilt,
  issueToken,
  launchBrowser,
  newPage,
  screenshotPath,
  signIn,
  visible,
} from './console-harness';

/**
 * An operator's night in the console, end to end, against what `npm run demo` starts:
 * the two simulated stamps replicating every second, the controller with its
 * schedulers on (the lag sampler, the failover worker) on a real PostgreSQL, and an
 * estate registered through the API. Nothing is answered in the browser: the RPO
 * breach comes from cutting the simulated replication link, the alerts from the lag
 * sampler, the run from the failover engine working the simulated target stamp.
 */

const RPO_SECONDS = 20;
const PLAN = 'shop-dr';
const VMS = [
  { name: 'shop-db-01', subnet: 'db', ip: '10.10.3.10' },
  { name: 'shop-web-01', subnet: 'web', ip: '10.10.1.10' },
];

/** stamp-a (east): production. */
const sourceEstate = {
  resourceGroups: ['shop-prod'],
  networkSecurityGroups: [{ name: 'web-nsg', resourceGroup: 'shop-prod', rules: [] }],
  virtualNetworks: [
    {
      name: 'prod-vnet',
      resourceGroup: 'shop-prod',
      addressPrefixes: ['10.10.0.0/16'],
      subnets: [
        { name: 'web', addressPrefix: '10.10.1.0/24', networkSecurityGroup: 'web-nsg' },
        { name: 'db', addressPrefix: '10.10.3.0/24' },
      ],
    },
  ],
  virtualMachines: VMS.map((vm) => ({
    name: vm.name,
    resourceGroup: 'shop-prod',
    size: 'Standard_A1_v2',
    osType: 'Linux',
    dataDisks: vm.subnet === 'db' ? [{ lun: 0, sizeGB: 8 }] : [],
    nic: { vnet: 'prod-vnet', subnet: vm.subnet, privateIp: vm.ip },
  })),
};

/**
 * stamp-b (west): the DR network (production's addresses) and an isolated test network
 * whose database subnet has another range, so a drill's database VM gets a dynamic address
 * (a preflight warning the operator must accept).
 */
const targetEstate = {
  resourceGroups: ['dr-net'],
  networkSecurityGroups: [
    { name: 'dr-web-nsg', resourceGroup: 'dr-net', rules: [] },
    { name: 'test-web-nsg', resourceGroup: 'dr-net', rules: [] },
  ],
  virtualNetworks: [
    {
      name: 'dr-vnet',
      resourceGroup: 'dr-net',
      addressPrefixes: ['10.10.0.0/16'],
      subnets: [
        { name: 'web', addressPrefix: '10.10.1.0/24' },
        { name: 'db', addressPrefix: '10.10.3.0/24' },
      ],
    },
    {
      name: 'test-vnet',
      resourceGroup: 'dr-net',
      addressPrefixes: ['10.10.0.0/16'],
      subnets: [
        { name: 'web', addressPrefix: '10.10.1.0/24' },
        { name: 'db', addressPrefix: '10.10.200.0/24' },
      ],
    },
  ],
};

describe('operator flow: the console against the simulated stamps, schedulers on', () => {
  let databaseUrl: string;
  let sim: SimHarness;
  let ctl: TestController;
  let api: TwinsiteApi;
  let browser: Browser;
  let operator: { context: BrowserContext; page: Page };
  let operatorName: string;
  let operatorToken: string;
  let viewerToken: string;
  const jobIds: string[] = [];
  const ids: Record<string, string> = {};
  let runId: string;
  let targetBefore: unknown;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: screenshotPath(`operator-flow-${name}.png`), fullPage: true });

  beforeAll(async () => {
    await ensureConsoleBuilt();
    databaseUrl = await createTestDatabase();
    sim = await startSim();
    await simAdmin(sim.sim, sim.a, 'POST', '/seed', sourceEstate);
    await simAdmin(sim.sim, sim.b, 'POST', '/seed', targetEstate);
    const vmId = (name: string) =>
      armId(sim.a.subscriptionId, 'shop-prod', 'Microsoft.Compute/virtualMachines', name);
    // The replication engine the simulator plays: a recovery point at stamp-b every second.
    for (const vm of VMS) {
      const job = await simAdmin<{ id: string }>(sim.sim, sim.a, 'POST', '/replication-jobs', {
        sourceVmId: vmId(vm.name),
        targetStamp: 'stamp-b',
        intervalSeconds: 1,
        targetResourceGroup: 'replica-rg',
        keep: 20,
      });
      jobIds.push(job.id);
    }

    // Schedulers on, as in production: the lag sampler and the failover worker run by themselves.
    ctl = await startController({ databaseUrl, env: { TWINSITE_SCHEDULERS: 'true' } });
    Object.assign(ctl.app.get(FailoverWorker).options, FAST_ENGINE);
    api = new TwinsiteApi(ctl.url, ADMIN_TOKEN);

    const site = (name: string, stamp: SimHarness['a']) =>
      api.ok('POST', '/sites', {
        name,
        armEndpoint: stamp.url,
        location: stamp.location,
        subscriptionId: stamp.subscriptionId,
        tenantId: 'adfs',
        clientId: 'twinsite',
        clientSecret: 'sim-client-secret',
        caCertificate: sim.sim.caPem,
      });
    const east = await site('stamp-east', sim.a);
    const west = await site('stamp-west', sim.b);
    ids.east = east.id;
    ids.west = west.id;
    const shop = await api.ok('POST', '/applications', {
      name: 'shop',
      owner: 'shop-team@contoso.com',
      tier: 1,
      rpoSeconds: RPO_SECONDS,
      rtoSeconds: 900,
      protection: 'replication',
      optIn: true,
    });
    ids.shop = shop.id;
    await api.ok('POST', '/applications', {
      name: 'wiki',
      owner: 'it-workplace@contoso.com',
      tier: 4,
      rpoSeconds: 604800,
      rtoSeconds: 604800,
      protection: 'none',
      optIn: false,
    });
    const subnet = (stamp: SimHarness['a'], rg: string, vnet: string, name: string) =>
      armId(stamp.subscriptionId, rg, 'Microsoft.Network/virtualNetworks/subnets', vnet, name);
    const nsg = (stamp: SimHarness['a'], rg: string, name: string) =>
      armId(stamp.subscriptionId, rg, 'Microsoft.Network/networkSecurityGroups', name);
    for (const tier of ['web', 'db']) {
      await api.ok('POST', '/network-mappings', {
        name: `${tier}-tier`,
        sourceSiteId: east.id,
        targetSiteId: west.id,
        sourceSubnetId: subnet(sim.a, 'shop-prod', 'prod-vnet', tier),
        targetSubnetId: subnet(sim.b, 'dr-net', 'dr-vnet', tier),
        testSubnetId: subnet(sim.b, 'dr-net', 'test-vnet', tier),
        ipMode: 'keep',
        ...(tier === 'web'
          ? {
              nsgs: [
                {
                  sourceNsgId: nsg(sim.a, 'shop-prod', 'web-nsg'),
                  targetNsgId: nsg(sim.b, 'dr-net', 'dr-web-nsg'),
                  testNsgId: nsg(sim.b, 'dr-net', 'test-web-nsg'),
                },
              ],
            }
          : {}),
      });
    }
    for (const vm of VMS) {
      const pair = await api.ok('POST', '/pairs', {
        name: vm.name,
        applicationId: shop.id,
        sourceSiteId: east.id,
        targetSiteId: west.id,
        sourceResourceId: vmId(vm.name),
        sampleIntervalSeconds: 5,
        target: { resourceGroup: 'shop-dr', vmSize: 'Standard_A1_v2' },
        lagSource: { kind: 'arm-snapshot', resourceGroup: 'replica-rg' },
      });
      ids[vm.name] = pair.id;
    }
    const plan = await api.ok('POST', '/plans', {
      name: PLAN,
      applicationId: shop.id,
      description: 'the database first, then the web tier',
      groups: [
        {
          name: 'database',
          pairIds: [ids['shop-db-01']],
          before: [{ kind: 'manual-approval', message: 'Confirm the primary database is fenced' }],
        },
        { name: 'web', pairIds: [ids['shop-web-01']] },
      ],
    });
    ids.plan = plan.id;

    operatorName = 'night-operator';
    operatorToken = (await issueToken(ctl, 'operator', operatorName)).token;
    viewerToken = (await issueToken(ctl, 'viewer', 'night-viewer')).token;

    browser = await launchBrowser();
    operator = await newPage(browser);
  }, 120_000);

  afterAll(async () => {
    await operator?.context.close();
    await browser?.close();
    for (const id of jobIds)
      await simAdmin(sim.sim, sim.a, 'DELETE', `/replication-jobs/${id}`).catch(() => undefined);
    await ctl?.close();
    await sim?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  const shopRow = () => operator.page.locator('table.overview-table').getByRole('row', { name: /shop/ });

  it('1. the operator signs in with their token', async () => {
    const { page } = operator;
    await signIn(page, ctl.url, operatorToken);
    await visible(page.getByRole('heading', { name: 'Overview', level: 1 }));
    expect(await page.locator('.topbar').innerText()).toMatch(/night-operator[\s\S]*operator/);
    await shot(page, '1-signed-in');
  });

  it('2. sees the estate on the overview: both stamps up, shop replicating within its RPO', async () => {
    const { page } = operator;
    await visible(page.getByRole('article', { name: 'stamp-east' }).getByText(/Reachable · \d+ ms/));
    await visible(page.getByRole('article', { name: 'stamp-west' }).getByText(/Reachable · \d+ ms/));
    // The sampler has read each pair's newest recovery point at stamp-west.
    await shopRow()
      .getByText(/Within RPO · \d+ s/)
      .waitFor({ timeout: 30_000 });
    expect(await shopRow().innerText()).toMatch(
      /shop[\s\S]*2 pairs[\s\S]*T1[\s\S]*20 s[\s\S]*15 min[\s\S]*Replication[\s\S]*Within RPO · \d+ s of 20 s RPO/,
    );
    const wiki = page.locator('table.overview-table').getByRole('row', { name: /wiki/ });
    expect(await wiki.innerText()).toMatch(/not opted in[\s\S]*No pairs/);
    await visible(page.getByText(/^Live · updated/));
    await shot(page, '2-overview');
  });

  it('3. the replication link goes down: the RPO breach shows up on the overview, live, without a reload', async () => {
    const { page } = operator;
    // A mark in the page: it survives only if the page is not reloaded.
    await page.evaluate(() => ((globalThis as any).__stillTheSamePage = true));
    await simAdmin(sim.sim, sim.a, 'POST', '/faults', { linkDown: true });

    await shopRow()
      .getByText(/RPO breached · \d+ s of 20 s RPO/)
      .waitFor({ timeout: 60_000 });
    await shopRow()
      .getByRole('link', { name: /\d+ open alerts/ })
      .waitFor({ timeout: 30_000 });
    await visible(
      page.getByRole('list', { name: 'Applications by RPO condition' }).getByText(/breaching RPO/),
    );
    expect(await page.getByRole('list', { name: 'Applications by RPO condition' }).innerText()).toMatch(
      /1\s*breaching RPO/,
    );
    expect(await page.evaluate(() => (globalThis as any).__stillTheSamePage)).toBe(true);
    await visible(page.getByText(/^Live · updated/));
    await shot(page, '3-breach');
  }, 120_000);

  it('4. acknowledges the breach on the Alerts page with a note', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await visible(page.getByRole('heading', { name: 'Alerts', level: 1 }));
    const open = page.getByRole('list', { name: 'open alerts' }).getByRole('listitem');
    const breach = open.filter({ hasText: 'RPO breach' }).filter({ hasText: 'shop-db-01 · shop' });
    await visible(breach);
    expect(await breach.innerText()).toMatch(/RPO breach[\s\S]*open[\s\S]*on shop-db-01 · shop[\s\S]*opened/);

    const note = 'replication link to stamp-west is down; network team on it (INC-4711)';
    await page.getByLabel('Note for the RPO breach alert on shop-db-01 · shop').fill(note);
    await page.getByRole('button', { name: 'Acknowledge RPO breach alert on shop-db-01 · shop' }).click();
    await breach.waitFor({ state: 'detached' });

    await page.getByRole('radio', { name: 'Acknowledged' }).check();
    const acknowledged = page
      .getByRole('list', { name: 'acknowledged alerts' })
      .getByRole('listitem')
      .filter({ hasText: 'shop-db-01 · shop' });
    await visible(acknowledged);
    expect(await acknowledged.innerText()).toMatch(
      new RegExp(`RPO breach[\\s\\S]*acknowledged by ${operatorName}[\\s\\S]*“${escapeRegExp(note)}”`),
    );
    await shot(page, '4-acknowledged');
  });

  it('5a. the link comes back: the lag returns within the RPO and the alerts resolve by themselves', async () => {
    const { page } = operator;
    await simAdmin(sim.sim, sim.a, 'POST', '/faults', { linkDown: false });
    await page.getByRole('radio', { name: 'Resolved' }).check();
    const resolved = page
      .getByRole('list', { name: 'resolved alerts' })
      .getByRole('listitem')
      .filter({ hasText: 'RPO breach' })
      .filter({ hasText: 'shop-db-01 · shop' });
    await resolved.waitFor({ timeout: 60_000 });
    expect(await resolved.innerText()).toMatch(/resolved[\s\S]*acknowledged by night-operator/);

    await page.getByRole('link', { name: 'Overview' }).click();
    await shopRow()
      .getByText(/Within RPO · \d+ s of 20 s RPO/)
      .waitFor({ timeout: 30_000 });
    await shot(page, '5a-recovered');
  }, 120_000);

  it('5b. runs a test failover from the plan page, approves its manual step, watches it fail over, then cleans it up', async () => {
    const { page } = operator;
    targetBefore = await inventoryOf(api, ids.west);
    // Creating a VM takes a few seconds at stamp-west, so the steps can be seen running.
    await simAdmin(sim.sim, sim.b, 'POST', '/faults', {
      operationLatencyMs: { 'PUT virtualMachines': 2500 },
    });

    await page.getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('link', { name: PLAN }).click();
    await visible(page.getByRole('heading', { name: PLAN, level: 1 }));
    await visible(page.getByRole('heading', { name: 'Fail over', exact: true }));

    // Preflight reads stamp-west: it passes, with one warning about the isolated test network.
    await page.getByRole('button', { name: 'Run preflight for a test failover' }).click();
    const preflight = page.locator('.failover-form .preflight');
    await visible(preflight.getByText('Preflight passed.'));
    await visible(
      preflight.getByText(
        /Warning:\s*shop-db-01: 10\.10\.3\.10 is outside the test subnet \(10\.10\.200\.0\/24\); the test VM gets a dynamic address/,
      ),
    );
    const start = page.getByRole('button', { name: 'Start test failover' });
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel(`Type the plan name ${PLAN} to confirm`).fill(PLAN);
    // The controller will not start past a warning nobody accepted.
    await start.click();
    await visible(page.getByRole('alert').getByText(/preflight has 1 warning/));
    await page.getByLabel('Go ahead despite the warning').check();
    await shot(page, '5b-preflight');
    await start.click();

    // The run page: the resource group is made, then the run waits for the operator.
    await visible(page.getByRole('heading', { name: `Test failover of ${PLAN}`, level: 1 }));
    runId = page.url().split('/runs/')[1];
    const steps = page.locator('ol.run-steps > li');
    const approval = steps.filter({ hasText: 'Confirm the primary database is fenced' });
    await approval.getByText('waiting for approval').waitFor({ timeout: 30_000 });
    await visible(page.locator('.page-head').getByText('waiting for approval', { exact: true }));
    expect(await steps.first().innerText()).toMatch(/succeeded[\s\S]*Resource group .* exists at stamp-west/);
    expect(await steps.filter({ hasText: 'VM shop-web-01' }).innerText()).toMatch(/pending/);
    await shot(page, '5b-waiting-for-approval');

    // Meanwhile a viewer sees the failover in progress on any page, and can follow it but not act.
    const viewer = await newPage(browser);
    try {
      await signIn(viewer.page, ctl.url, viewerToken);
      const banner = viewer.page.getByRole('region', { name: 'Failover in progress' });
      await visible(banner.getByText(new RegExp(`Test failover of ${PLAN}: waiting for approval`)));
      await banner.getByRole('link', { name: 'Watch the run' }).click();
      await visible(viewer.page.getByRole('heading', { name: `Test failover of ${PLAN}`, level: 1 }));
      await visible(viewer.page.locator('ol.run-steps > li').first());
      expect(
        await viewer.page.getByRole('button', { name: /Approve|Cancel run|Clean up|Retry|Skip/ }).count(),
      ).toBe(0);
    } finally {
      await viewer.context.close();
    }

    // Approved: the VMs are built from their recovery points in the test network, live on the page.
    await page.evaluate(() => ((globalThis as any).__stillTheSamePage = true));
    await approval
      .getByRole('button', { name: 'Approve An operator approves: Confirm the primary database is fenced' })
      .click();
    await visible(approval.getByText('succeeded'));
    await steps
      .filter({ hasText: /VM shop-/ })
      .getByText('running', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, '5b-running');
    await page.locator('.page-head').getByText('failed over', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (globalThis as any).__stillTheSamePage)).toBe(true);
    expect(await steps.count()).toBe(4);
    for (const text of await steps.allInnerTexts()) expect(text).toMatch(/^succeeded/);
    expect(await steps.filter({ hasText: 'VM shop-db-01' }).innerText()).toMatch(
      /VM shop-db-01 runs at stamp-west in the isolated test network, built from its recovery point/,
    );
    await visible(page.getByText('4 of 4 steps done'));
    expect(await page.locator('.facts').innerText()).toMatch(/Achieved RTO\s*\d+ (s|min)/i);
    await shot(page, '5b-failed-over');

    // Cleanup: asks first, then removes what the drill made.
    await page.getByRole('button', { name: 'Clean up test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clean up test?' });
    await visible(dialog.getByText('Deletes the test VMs and the isolated test network'));
    await dialog.getByRole('button', { name: 'Clean up test' }).click();
    await page.locator('.page-head').getByText('cleaned up', { exact: true }).waitFor({ timeout: 60_000 });
    await visible(steps.filter({ hasText: /Everything this test run made at stamp-west is removed/ }));
    expect(await page.getByRole('button', { name: /Clean up test|Cancel run/ }).count()).toBe(0);
    await shot(page, '5b-cleaned-up');

    // Behind the page: stamp-west is as it was, and nothing the drill made is left there.
    expect(await taggedWith(sim, sim.b, runId)).toEqual([]);
    expect(await inventoryOf(api, ids.west)).toEqual(targetBefore);
    const run = await api.ok('GET', `/failovers/${runId}`);
    expect(run).toMatchObject({ planId: ids.plan, kind: 'test', state: 'cleaned-up', active: false });
  }, 120_000);

  it('6. a viewer signs in and finds no failover button on the plan, only its history', async () => {
    const viewer = await newPage(browser);
    try {
      const { page } = viewer;
      await signIn(page, ctl.url, viewerToken);
      await page.getByRole('link', { name: 'Plans' }).click();
      await page.getByRole('link', { name: PLAN }).click();
      await visible(page.getByRole('heading', { name: PLAN, level: 1 }));
      await visible(page.getByText('can follow failovers of this plan but not start them'));
      expect(await page.getByRole('heading', { name: 'Fail over', exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Start .* failover|preflight/i }).count()).toBe(0);
      const history = page.locator('section', { has: page.getByRole('heading', { name: 'Run history' }) });
      await visible(history.getByText('cleaned up'));
      await shot(page, '6-viewer-plan');
    } finally {
      await viewer.context.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

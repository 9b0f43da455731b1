import type { Browser, BrowserContext, Page } from 'playwright-core';
import { admin as simAdmin } from '../support/sim';
import { inventoryOf, taggedWith } from '../../scripts/chaos';
import { SiteHarness, startSiteHarness } from '../site-failover/harness';
import {
  ensureConsoleBuilt,
  issueToken,
  launchBrowser,
  newPage,
  overflowsHorizontally,
  screenshotPath,
  signIn,
  visible,
} from './console-harness';

/**
 * The site pages in the browser, against the real controller (coordinator and failover
 * worker on, real PostgreSQL) and the two simulated stamps: readiness before a drill,
 * a test failover of the whole site started from the console and followed plan by plan,
 * what a viewer sees meanwhile, the cleanup, and readiness after the drill.
 */
describe('console: site readiness and site failover', () => {
  let h: SiteHarness;
  let browser: Browser;
  let operator: { context: BrowserContext; page: Page };
  let operatorToken: string;
  let viewerToken: string;
  let siteName: string;
  let targetBefore: unknown;
  let siteFailoverId: string;

  const app = (name: string) => h.estate.apps.find((a) => a.spec.name === name)!;
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: screenshotPath(`site-failover-${name}.png`), fullPage: true });
  const readinessRow = (page: Page, name: string) =>
    page.locator('table.readiness-table tr', { has: page.getByRole('link', { name: app(name).name }) });
  const planRow = (page: Page, name: string) =>
    page.locator('table.site-plans tbody tr', { has: page.getByRole('link', { name: app(name).planName! }) });

  beforeAll(async () => {
    await ensureConsoleBuilt();
    h = await startSiteHarness([
      { name: 'erp', tier: 1, vms: 2 },
      { name: 'web', tier: 2, vms: 1 },
      { name: 'billing', tier: 3, vms: 1, lagSource: 'agent' },
      { name: 'legacy', tier: 2, vms: 1, protection: 'backup-restore' },
    ]);
    siteName = h.estate.siteAName;
    await new Promise((r) => setTimeout(r, 1500)); // recovery points at stamp B
    await h.sampleLag();
    // billing's agent last reported a consistent point an hour ago: beyond its 300 s RPO.
    await h.api.ok('POST', `/pairs/${app('billing').pairIds[0]}/checkpoints`, {
      recoveryPointAt: new Date(Date.now() - 3600_000).toISOString(),
      consistency: 'application',
    });
    targetBefore = await inventoryOf(h.api, h.estate.siteB);
    operatorToken = (await issueToken(h.ctl, 'operator', 'site-operator')).token;
    viewerToken = (await issueToken(h.ctl, 'viewer', 'site-viewer')).token;
    browser = await launchBrowser();
    operator = await newPage(browser);
  }, 180_000);

  afterAll(async () => {
    await operator?.context.close();
    await browser?.close();
    await h?.stop();
  });

  it('readiness: how many would come back, why each application is at risk or not protected', async () => {
    const { page } = operator;
    await signIn(page, h.ctl.url, operatorToken);
    await page.getByRole('link', { name: 'Sites', exact: true }).click();
    await page.getByRole('link', { name: `Readiness and site failover of ${siteName}` }).click();
    await visible(page.getByRole('heading', { name: siteName, level: 1 }));

    await visible(page.getByText(`If ${siteName} were lost now, 3 of 4 applications would come back.`));
    const facts = page
      .locator('section', { has: page.getByRole('heading', { name: 'Readiness' }) })
      .locator('.facts');
    expect(await facts.innerText()).toMatch(/Estimated site RTO\s*Unknown\s*3 of 3 plans never drilled/i);
    expect(await facts.innerText()).toMatch(/Data lost now\s*1 h/i);
    expect(await facts.innerText()).toMatch(/Not protected\s*1/i);

    expect(await readinessRow(page, 'erp').innerText()).toMatch(
      /At risk[\s\S]*never drilled[\s\S]*Never drilled/,
    );
    expect(await readinessRow(page, 'billing').innerText()).toMatch(
      /At risk[\s\S]*lag 36\d\d s exceeds RPO 300 s[\s\S]*RPO breached/,
    );
    expect(await readinessRow(page, 'legacy').innerText()).toMatch(
      /Backup & restore[\s\S]*Not protected[\s\S]*protection is backup-restore, not replication/,
    );
    // Warnings of a plan's preflight are one click away, in words.
    const erpWarnings = readinessRow(page, 'erp').locator('details');
    await erpWarnings.getByText(/passes, \d+ warnings?/).click();
    expect(await erpWarnings.locator('li').count()).toBeGreaterThan(0);
    const warningTexts = await erpWarnings.locator('li').allInnerTexts();
    expect(warningTexts.every((t) => t.trim().length > 10)).toBe(true);
    // Most critical first.
    const order = await page.locator('table.readiness-table tbody th a').allInnerTexts();
    expect(order.map((n) => n.replace(/-[0-9a-f]{6}$/, ''))).toEqual(['erp', 'legacy', 'web', 'billing']);
    await shot(page, '1-readiness');
  });

  it('an operator starts a test failover of the site: combined preflight, plan order, typed site name', async () => {
    const { page } = operator;
    // Creating a VM takes a moment at stamp B, so plans can be seen in flight.
    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', {
      operationLatencyMs: { 'PUT virtualMachines': 1500 },
      failOperation: [
        {
          method: 'PUT',
          pathContains: '/virtualMachines/web-01',
          status: 400,
          code: 'OperationNotAllowed',
          message: 'injected: the VM cannot be created',
        },
      ],
    });
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Fail over the site' }) });
    await form.getByRole('button', { name: 'Run preflight for a test site failover' }).click();
    await visible(form.getByText('Preflight passed.'));
    const order = form.locator('ol.plan-order > li');
    await visible(order.first());
    expect((await order.allInnerTexts()).map((t) => t.replace(/-[0-9a-f]{6}/g, ''))).toEqual([
      expect.stringMatching(/^erp-plan erp, tier 1$/),
      expect.stringMatching(/^web-plan web, tier 2$/),
      expect.stringMatching(/^billing-plan billing, tier 3$/),
    ]);
    const left = form.getByRole('region', { name: 'Not failed over' });
    expect(await left.innerText()).toMatch(
      /Not failed over: 1 application[\s\S]*legacy-\w+ — .*backup-restore/i,
    );

    const start = form.getByRole('button', { name: 'Start test site failover' });
    expect(await start.isDisabled()).toBe(true);
    await form.getByLabel(`Type the site name ${siteName} to confirm`).fill(siteName.slice(0, -1));
    expect(await start.isDisabled()).toBe(true);
    await form.getByLabel(`Type the site name ${siteName} to confirm`).fill(siteName);
    await shot(page, '2-start');
    await start.click();

    await visible(page.getByRole('heading', { name: `Test site failover of ${siteName}`, level: 1 }));
    siteFailoverId = page.url().split('/site-failovers/')[1];
    const sf = await h.api.ok('GET', `/site-failovers/${siteFailoverId}`);
    expect(sf).toMatchObject({ siteId: h.estate.siteA, kind: 'test' });
  });

  it('the site failover page follows every plan live, in tier order; a failed plan does not stop the others and is retried from the page', async () => {
    const { page } = operator;
    await page.evaluate(() => ((globalThis as any).__stillTheSamePage = true));
    await visible(page.locator('table.site-plans tbody tr').first());
    const names = await page.locator('table.site-plans tbody th > a').allInnerTexts();
    expect(names).toEqual([app('erp').planName, app('web').planName, app('billing').planName]);
    // A plan in flight shows its run's current step.
    await planRow(page, 'erp')
      .getByText(/step \d+ of \d+/)
      .waitFor({ timeout: 30_000 });
    await shot(page, '3-in-flight');

    // web's VM cannot be created at stamp B: web fails, erp and billing come up anyway.
    await page
      .locator('.page-head')
      .getByText('partially failed', { exact: true })
      .waitFor({ timeout: 90_000 });
    expect(await planRow(page, 'web').innerText()).toMatch(
      /failed[\s\S]*Failed at: .*web-01[\s\S]*injected: the VM cannot be created \(arm:OperationNotAllowed\)/,
    );
    expect(await planRow(page, 'erp').innerText()).toMatch(/failed over/);
    expect(await planRow(page, 'billing').innerText()).toMatch(/failed over/);
    await visible(page.getByText('2 of 3 plans failed over · 1 failed'));
    await shot(page, '3-partially-failed');

    await simAdmin(h.sim.sim, h.sim.b, 'POST', '/faults', { failOperation: [] });
    await page.getByRole('button', { name: 'Retry failed plans' }).click();
    await page.locator('.page-head').getByText('failed over', { exact: true }).waitFor({ timeout: 90_000 });
    await visible(page.getByText('3 of 3 plans failed over'));
    for (const name of ['erp', 'web', 'billing']) {
      expect(await planRow(page, name).innerText()).toMatch(/failed over[\s\S]*Open the run/);
    }
    expect(await planRow(page, 'erp').innerText()).toMatch(
      /\d+ s\s*of 5 min[\s\S]*\d+ (s|min)( \d+ s)?\s*of 1 h/,
    );
    expect(await page.locator('.facts').innerText()).toMatch(/Site RTO achieved\s*\d+ (s|min)/i);
    const left = page.getByRole('region', { name: 'Not failed over' });
    expect(await left.innerText()).toMatch(/legacy-\w+ — .*backup-restore/);
    expect(await page.evaluate(() => (globalThis as any).__stillTheSamePage)).toBe(true);
    await shot(page, '4-failed-over');
  }, 120_000);

  it('a viewer sees the site failover on every page and can follow it, but has no button', async () => {
    const viewer = await newPage(browser);
    try {
      const { page } = viewer;
      await signIn(page, h.ctl.url, viewerToken);
      const banner = page.getByRole('region', { name: 'Failover in progress' });
      await visible(banner.getByText(new RegExp(`Test site failover of ${siteName}: failed over`)));
      // One line for the site, not one per plan.
      expect(await banner.getByRole('link', { name: 'Watch the run' }).count()).toBe(0);
      await banner.getByRole('link', { name: 'Watch the site failover' }).click();
      await visible(page.getByRole('heading', { name: `Test site failover of ${siteName}`, level: 1 }));
      await visible(page.locator('table.site-plans tbody tr').first());
      expect(await page.getByRole('button', { name: /Clean up|Cancel|Commit|Retry/ }).count()).toBe(0);
      await page.getByRole('link', { name: siteName }).click();
      await visible(page.getByText('can follow site failovers but not start them'));
      expect(await page.getByRole('heading', { name: 'Fail over the site' }).count()).toBe(0);
      await shot(page, '5-viewer');
    } finally {
      await viewer.context.close();
    }
  });

  it('cleanup of the drill asks first, then leaves stamp B exactly as before', async () => {
    const { page } = operator;
    await page.getByRole('button', { name: 'Clean up the drill' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clean up the drill?' });
    await visible(dialog.getByText(/Deletes the test VMs and test networks of every plan/));
    await dialog.getByRole('button', { name: 'Clean up the drill' }).click();
    await page.locator('.page-head').getByText('cleaned up', { exact: true }).waitFor({ timeout: 90_000 });
    for (const name of ['erp', 'web', 'billing'])
      await planRow(page, name).getByText('cleaned up').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: /Clean up|Cancel|Commit|Retry/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Failover in progress' }).count()).toBe(0);
    await shot(page, '6-cleaned-up');

    const sf = await h.api.ok('GET', `/site-failovers/${siteFailoverId}`);
    for (const r of sf.runs) expect(await taggedWith(h.sim, h.sim.b, r.runId)).toEqual([]);
    expect(await inventoryOf(h.api, h.estate.siteB)).toEqual(targetBefore);
  }, 120_000);

  it('readiness after the drill: each plan drilled, its RTO against the target, the cleanup done, an estimated site RTO', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: siteName }).click();
    await visible(page.getByRole('heading', { name: siteName, level: 1 }));
    const erp = readinessRow(page, 'erp');
    await visible(erp.getByText('cleaned up'));
    expect(await erp.innerText()).toMatch(/Ready[\s\S]*ago\s*RTO \d+ s of 1 h\s*cleaned up/);
    expect(await readinessRow(page, 'billing').innerText()).toMatch(/At risk[\s\S]*exceeds RPO/);
    const facts = page
      .locator('section', { has: page.getByRole('heading', { name: 'Readiness' }) })
      .locator('.facts');
    expect(await facts.innerText()).toMatch(
      /Estimated site RTO\s*\d+ s\s*from the last drills, 3 plans at a time/i,
    );
    const history = page.locator('section', { has: page.getByRole('heading', { name: 'Site failovers' }) });
    expect(await history.innerText()).toMatch(/Test site failover\s*cleaned up\s*3 of 3 plans failed over/);
    await shot(page, '7-readiness-after');

    // At a tablet's width the page does not scroll sideways (the table scrolls in its own box).
    const tablet = await newPage(browser, 820, 1180);
    try {
      await signIn(tablet.page, h.ctl.url, viewerToken, `/sites/${h.estate.siteA}`);
      await visible(tablet.page.locator('table.readiness-table tbody tr'));
      expect(await overflowsHorizontally(tablet.page)).toBe(false);
    } finally {
      await tablet.context.close();
    }
  });
});

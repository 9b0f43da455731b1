import type { Browser } from 'playwright-core';
import { LagSampler } from '@twinsite/replication';
import { ADMIN_TOKEN, admin, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { siteBody } from '../support/fixtures';
import {
  createApplication,
  createPair,
  ensureConsoleBuilt,
  launchBrowser,
  newPage,
  post,
  screenshotPath,
  signIn,
  visible,
} from './console-harness';

const PAIRS = 1000;

/**
 * An estate of 1,000 pairs, their lag measured by the controller's own sampler: the overview
 * aggregates them, the application pages through them 50 at a time.
 */
describe('console with 1,000 pairs', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let browser: Browser;
  let big: any;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    const east = await post(ctl, '/api/v1/sites', siteBody({ name: 'stamp-east' }));
    const west = await post(ctl, '/api/v1/sites', siteBody({ name: 'stamp-west', location: 'west' }));
    big = await createApplication(ctl, {
      name: 'fleet',
      tier: 2,
      rpoSeconds: 900,
      rtoSeconds: 14400,
      optIn: true,
    });
    for (let i = 0; i < 20; i++)
      await createApplication(ctl, {
        name: `app-${String(i).padStart(2, '0')}`,
        tier: 3,
        rpoSeconds: 3600,
        rtoSeconds: 86400,
      });
    const refs = { applicationId: big.id, sourceSiteId: east.id, targetSiteId: west.id };
    const names = Array.from({ length: PAIRS }, (_, i) => `vm-${String(i).padStart(4, '0')}`);
    const pairs: Array<{ id: string; name: string }> = [];
    for (let i = 0; i < names.length; i += 25)
      pairs.push(...(await Promise.all(names.slice(i, i + 25).map((name) => createPair(ctl, refs, name)))));

    // The lag, measured for real: each pair's agent pushes its recovery point (one far behind),
    // then one sweep of the controller's lag sampler (its schedule is off here) reads them all.
    const secondsBehind = (name: string, i: number) => (name === 'vm-0777' ? 1500 : 30 + ((i * 37) % 300));
    for (let i = 0; i < pairs.length; i += 25)
      await Promise.all(
        pairs.slice(i, i + 25).map((pair, j) =>
          ctl
            .http()
            .post(`/api/v1/pairs/${pair.id}/checkpoints`)
            .set(admin)
            .send({
              recoveryPointAt: new Date(Date.now() - secondsBehind(pair.name, i + j) * 1000).toISOString(),
              consistency: 'crash',
            })
            .expect(201),
        ),
      );
    const sweep = await ctl.app.get(LagSampler).sampleDueNow();
    expect(sweep.sampled).toBe(PAIRS);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await ctl?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('aggregates every pair on the overview and pages through them on the application', async () => {
    const { context, page } = await newPage(browser, 1280, 800);
    try {
      await signIn(page, ctl.url, ADMIN_TOKEN);
      const table = page.locator('table.overview-table');
      const fleet = table.getByRole('row', { name: /fleet/ });
      await visible(fleet);
      expect(await fleet.innerText()).toMatch(/1000 pairs[\s\S]*RPO breached · 25 min( \d s)? of 15 min RPO/);
      expect(await table.locator('tbody tr').count()).toBe(21);
      // Type to narrow the list.
      await page.getByLabel('Filter').fill('app-1');
      expect(await table.locator('tbody tr').count()).toBe(10);
      await page.getByLabel('Filter').fill('');

      await fleet.getByRole('link', { name: 'fleet' }).click();
      const pairs = page.locator('section', {
        has: page.getByRole('heading', { name: 'Replication pairs' }),
      });
      await visible(pairs.getByRole('row', { name: /vm-0000/ }));
      expect(await pairs.locator('tbody tr').count()).toBe(50);
      await page.screenshot({ path: screenshotPath('application-1000-pairs-1280x800.png') });

      const pager = page.getByRole('navigation', { name: 'Pages of pairs' });
      await pager.getByRole('button', { name: /Next 50/ }).click();
      await visible(pairs.getByRole('row', { name: /vm-0050/ }));
      expect(await pairs.locator('tbody tr').count()).toBe(50);
      expect(await pairs.getByRole('row', { name: /vm-0000/ }).count()).toBe(0);
      expect(await pager.innerText()).toContain('Page 2');
      for (let page = 3; page <= 20; page++) await pager.getByRole('button', { name: /Next 50/ }).click();
      await visible(pairs.getByRole('row', { name: /vm-0999/ }));
      expect(await pager.getByRole('button', { name: /Next 50/ }).isDisabled()).toBe(true);
      await pager.getByRole('button', { name: /Previous 50/ }).click();
      await visible(pairs.getByRole('row', { name: /vm-0900/ }));

      // A thousand and more audit entries, fifty a page.
      await page.getByRole('link', { name: 'Audit log' }).click();
      const rows = page.locator('table.audit-table tbody tr');
      await visible(rows.first());
      expect(await rows.count()).toBe(50);
      const firstPage = await rows.first().innerText();
      const auditPager = page.getByRole('navigation', { name: 'Pages of the audit log' });
      await auditPager.getByRole('button', { name: /Older/ }).click();
      await visible(auditPager.getByText('Page 2'));
      await visible(rows.first());
      expect(await rows.count()).toBe(50);
      expect(await rows.first().innerText()).not.toBe(firstPage);
      await auditPager.getByRole('button', { name: /Newer/ }).click();
      await visible(auditPager.getByText('Page 1'));
      await visible(rows.first());
      expect(await rows.first().innerText()).toBe(firstPage);
    } finally {
      await context.close();
    }
  });
});

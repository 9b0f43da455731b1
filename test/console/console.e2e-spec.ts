import type { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { ADMIN_TOKEN, admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { admin as simAdmin, SimHarness, startSim } from '../support/sim';
import { sampleNow, sql } from '../lag/lag-support';
import {
  createApplication,
  createPair,
  ensureConsoleBuilt,
  issueToken,
  launchBrowser,
  newPage,
  overflowsHorizontally,
  post,
  screenshotPath,
  signIn,
  visible,
} from './console-harness';

/**
 * The operator's console in a real browser against the real controller and
 * PostgreSQL; nothing is answered in the browser. The estate is seeded through the
 * API, the pairs' agents push checkpoints, and the controller's own lag sampler
 * measures them, keeps the history and opens the alerts. (The simulator-backed
 * operator flow, with the schedulers on, is operator-flow.e2e-spec.ts.)
 */
describe('console', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let browser: Browser;
  let sim: SimHarness;
  let viewerToken: string;
  let operatorToken: string;
  let db: Client;
  const estate: Record<string, any> = {};

  beforeAll(async () => {
    await ensureConsoleBuilt();
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    viewerToken = (await issueToken(ctl, 'viewer', 'night-viewer')).token;
    operatorToken = (await issueToken(ctl, 'operator', 'night-operator')).token;

    // Two simulated stamps: east answers, west is down.
    sim = await startSim();
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
      virtualMachines: [
        {
          name: 'pay-web-01',
          resourceGroup: 'app-rg',
          size: 'Standard_DS2_v2',
          osType: 'Linux',
          nic: { vnet: 'app-vnet', subnet: 'web', privateIp: '10.1.1.10' },
        },
      ],
    });
    await simAdmin(sim.sim, sim.b, 'POST', '/faults', { down: 'refuse' });
    const siteOn = (name: string, stamp: typeof sim.a) =>
      post(ctl, '/api/v1/sites', {
        name,
        armEndpoint: stamp.url,
        location: stamp.location,
        subscriptionId: stamp.subscriptionId,
        tenantId: 'adfs',
        clientId: 'twinsite',
        clientSecret: 'sim-secret',
        caCertificate: sim.sim.caPem,
      });
    const east = await siteOn('stamp-east', sim.a);
    const west = await siteOn('stamp-west', sim.b);
    const payments = await createApplication(ctl, {
      name: 'payments',
      tier: 1,
      rpoSeconds: 300,
      rtoSeconds: 3600,
      optIn: true,
    });
    const crm = await createApplication(ctl, {
      name: 'crm',
      tier: 2,
      rpoSeconds: 600,
      rtoSeconds: 7200,
      optIn: true,
    });
    const intranet = await createApplication(ctl, {
      name: 'intranet',
      tier: 4,
      rpoSeconds: 3600,
      rtoSeconds: 86400,
      protection: 'backup-restore',
      optIn: false,
    });
    const refs = (app: any) => ({ applicationId: app.id, sourceSiteId: east.id, targetSiteId: west.id });
    const payDb = await createPair(ctl, refs(payments), 'pay-db-01');
    const payWeb = await createPair(ctl, refs(payments), 'pay-web-01');
    const crmApp = await createPair(ctl, refs(crm), 'crm-app-01');
    const plan = await post(ctl, '/api/v1/plans', {
      name: 'payments-dr',
      applicationId: payments.id,
      description: 'database first, then the web tier',
      groups: [
        {
          name: 'database',
          pairIds: [payDb.id],
          before: [{ kind: 'manual-approval', message: 'Confirm the primary database is fenced' }],
          after: [{ kind: 'health-check', protocol: 'tcp', target: `pair:${payDb.id}`, port: 5432 }],
        },
        {
          name: 'web',
          pairIds: [payWeb.id],
          after: [
            { kind: 'wait', seconds: 30 },
            {
              kind: 'health-check',
              protocol: 'http',
              target: 'pay.contoso.local',
              port: 443,
              path: '/healthz',
              timeoutSeconds: 120,
            },
          ],
        },
      ],
    });
    Object.assign(estate, { east, west, payments, crm, intranet, payDb, payWeb, crmApp, plan });

    // The lag, measured for real: each pair's agent pushes a checkpoint (the recovery point
    // now at the target) and the controller's lag sampler reads it. The schedulers are off in
    // this suite so the numbers hold still: the sampler is run sweep by sweep instead.
    db = await sql(databaseUrl);
    const pairIds = [payDb.id, payWeb.id, crmApp.id];
    const checkpoint = (pairId: string, secondsAgo: number) =>
      ctl
        .http()
        .post(`/api/v1/pairs/${pairId}/checkpoints`)
        .set(admin)
        .send({
          recoveryPointAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
          consistency: 'crash',
        })
        .expect(201);
    await checkpoint(payDb.id, 450); // beyond payments' 5 min RPO
    await checkpoint(payWeb.id, 60);
    await checkpoint(crmApp.id, 540); // 90 % of crm's 10 min RPO
    await sampleNow(ctl, db, pairIds);
    // pay-db-01's agent catches up a little (7 min 30 s → 7 min behind): two more samples.
    await checkpoint(payDb.id, 420);
    await sampleNow(ctl, db, pairIds);
    await sampleNow(ctl, db, pairIds);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await ctl?.close();
    await sim?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  async function withPage(fn: (page: Page) => Promise<void>, width = 1280, height = 800): Promise<void> {
    const { context, page } = await newPage(browser, width, height);
    try {
      await fn(page);
    } finally {
      await context.close();
    }
  }

  it('signs in with a pasted token, keeps the session on reload, and signs out', async () => {
    await withPage(async (page) => {
      await page.goto(ctl.url + '/');
      await page.getByLabel('API token').fill('tws_not-a-real-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await visible(page.getByText('The controller did not accept this token'));

      await page.getByLabel('API token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await visible(page.getByRole('heading', { name: 'Overview', level: 1 }));
      expect(await page.locator('.topbar').innerText()).toContain('admin');

      await page.reload();
      await visible(page.getByRole('heading', { name: 'Overview', level: 1 }));

      await page.getByRole('button', { name: 'Sign out' }).click();
      await visible(page.getByLabel('API token'));
      expect(await page.getByRole('heading', { name: 'Overview' }).count()).toBe(0);
    });
  });

  it('shows the seeded estate on the overview, most urgent first', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken);
      const table = page.locator('table.overview-table');
      await visible(table.getByRole('link', { name: 'payments' }));
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(3);
      // Breach first, then the warning, then the application without lag data.
      expect(await rows.nth(0).innerText()).toMatch(
        /payments[\s\S]*T1[\s\S]*5 min[\s\S]*1 h[\s\S]*Replication[\s\S]*RPO breached · 7 min( \d s)? of 5 min RPO/,
      );
      expect(await rows.nth(1).innerText()).toMatch(
        /crm[\s\S]*T2[\s\S]*Near RPO · 9 min( \d s)? of 10 min RPO/,
      );
      expect(await rows.nth(2).innerText()).toMatch(
        /intranet[\s\S]*Backup & restore[\s\S]*not opted in[\s\S]*No pairs/,
      );
      expect(await rows.nth(0).innerText()).not.toMatch(/not opted in/);
      expect(await page.getByRole('list', { name: 'Applications by RPO condition' }).innerText()).toMatch(
        /1\s*breaching RPO[\s\S]*1\s*near RPO/,
      );
      // Both sites, probed: east answers, west is down.
      const east = page.getByRole('article', { name: 'stamp-east' });
      const west = page.getByRole('article', { name: 'stamp-west' });
      await visible(east.getByText(/Reachable · \d+ ms/));
      await visible(west.getByText('Unreachable'));
      // It says how fresh it is: live, or polling.
      expect(
        await page
          .locator('main')
          .getByText(/^(Live|Refreshing every 10 s) · updated/)
          .count(),
      ).toBe(1);
    });
  });

  it('opens an application with its pairs, objectives and recovery plan', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken);
      await page.locator('table.overview-table').getByRole('link', { name: 'payments' }).click();
      await visible(page.getByRole('heading', { name: 'payments', level: 1 }));
      const pairs = page.locator('section', {
        has: page.getByRole('heading', { name: 'Replication pairs' }),
      });
      await visible(pairs.getByRole('row', { name: /pay-db-01/ }));
      expect(await pairs.getByRole('row', { name: /pay-db-01/ }).innerText()).toMatch(
        /stamp-east → stamp-west[\s\S]*lagging[\s\S]*RPO breached/,
      );
      expect(await pairs.getByRole('row', { name: /pay-web-01/ }).innerText()).toMatch(
        /protected[\s\S]*Within RPO · 1 min( \d s)?/,
      );
      // The pair furthest behind is charted first.
      expect(
        await pairs.getByRole('button', { name: 'Charted lag of pay-db-01' }).getAttribute('aria-pressed'),
      ).toBe('true');
      await page.getByRole('link', { name: 'payments-dr' }).click();
      await visible(page.getByRole('heading', { name: 'payments-dr', level: 1 }));
    });
  });

  it('charts a pair’s lag against the RPO from its recorded history, over the chosen window', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken, `/applications/${estate.payments.id}`);
      const chart = page.getByRole('figure', { name: /Lag of pay-db-01/ });
      // Over a day the controller answers 5-minute buckets of the three samples (7 min 30 s, then 7 min).
      await visible(
        chart.getByText(
          /over the last 24 hours · [12] points?, each the average of 5 min · highest 7 min 3\d s · latest 7 min[\s\S]*RPO 5 min/,
        ),
      );
      await visible(chart.locator('svg').getByText('RPO 5 min'));
      await page.screenshot({ path: screenshotPath('lag-chart-1280x800.png'), fullPage: true });

      // Over the last hour: the samples themselves.
      await page.getByRole('radio', { name: 'Last hour' }).check();
      await visible(
        chart.getByText(
          /over the last hour · 3 samples · highest 7 min 3\d s · latest 7 min( \d s)? · RPO 5 min/,
        ),
      );
    });
  });

  it('shows a plan’s groups and steps in order, in words', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken, `/plans/${estate.plan.id}`);
      const groups = page.locator('ol.plan-groups > li');
      await visible(groups.first());
      expect(await groups.count()).toBe(2);
      expect(await groups.nth(0).innerText()).toMatch(
        /1\s+database[\s\S]*Before[\s\S]*Manual approval — Confirm the primary database is fenced[\s\S]*1 pair[\s\S]*pay-db-01[\s\S]*After[\s\S]*Health check — TCP pay-db-01 \(failed-over VM\):5432/i,
      );
      expect(await groups.nth(1).innerText()).toMatch(
        /2\s+web[\s\S]*pay-web-01[\s\S]*Wait — 30 s[\s\S]*HTTP pay.contoso.local:443\/healthz/i,
      );
    });
  });

  it('shows a viewer no failover or edit controls, an operator the failover, an admin the edits', async () => {
    const planUrl = `/plans/${estate.plan.id}`;
    const appUrl = `/applications/${estate.payments.id}`;
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken, planUrl);
      await visible(page.getByText('can follow failovers of this plan but not start them'));
      expect(await page.getByRole('heading', { name: 'Fail over', exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Start .* failover/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /preflight/i }).count()).toBe(0);
      await page.goto(ctl.url + appUrl);
      await visible(page.getByRole('heading', { name: 'payments', level: 1 }));
      expect(await page.getByRole('button', { name: 'Edit objectives' }).count()).toBe(0);
      await page.goto(ctl.url + '/settings');
      await visible(page.getByRole('heading', { name: 'stamp-east' }));
      expect(await page.getByRole('heading', { name: 'API tokens' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Create token|Revoke/ }).count()).toBe(0);
    });

    await withPage(async (page) => {
      await signIn(page, ctl.url, operatorToken, planUrl);
      await visible(page.getByRole('heading', { name: 'Fail over', exact: true }));
      for (const kind of ['Test failover', 'Planned failover', 'Unplanned failover']) {
        expect(await page.getByRole('radio', { name: new RegExp(kind) }).count()).toBe(1);
      }
      const start = page.getByRole('button', { name: 'Start test failover' });
      expect(await start.isDisabled()).toBe(true);
      await page.getByLabel('Type the plan name payments-dr to confirm').fill('payments');
      expect(await start.isDisabled()).toBe(true);
      await page.getByLabel('Type the plan name payments-dr to confirm').fill('payments-dr');
      expect(await start.isEnabled()).toBe(true);
      await page.getByRole('radio', { name: /Unplanned failover/ }).check();
      expect(await page.getByRole('button', { name: 'Start unplanned failover' }).isEnabled()).toBe(true);
      await page.goto(ctl.url + '/settings');
      await visible(page.getByRole('heading', { name: 'stamp-east' }));
      expect(await page.getByRole('heading', { name: 'API tokens' }).count()).toBe(0);
      await page.goto(ctl.url + appUrl);
      await visible(page.getByRole('heading', { name: 'payments', level: 1 }));
      expect(await page.getByRole('button', { name: 'Edit objectives' }).count()).toBe(0);
    });

    await withPage(async (page) => {
      await signIn(page, ctl.url, ADMIN_TOKEN, `/applications/${estate.crm.id}`);
      await (await visible(page.getByRole('button', { name: 'Edit objectives' }))).click();
      await page.getByLabel('RPO in seconds').fill('900');
      await page.getByRole('button', { name: 'Save' }).click();
      await visible(page.locator('.facts').getByText('15 min'));
      const saved = await ctl.http().get(`/api/v1/applications/${estate.crm.id}`).set(admin).expect(200);
      expect(saved.body.rpoSeconds).toBe(900);
    });
  });

  it('lets an admin create a token, shown once, and revoke it', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, ADMIN_TOKEN, '/settings');
      await visible(page.getByRole('heading', { name: 'API tokens' }));
      await page.getByLabel('Name').fill('dr-runbook-script');
      await page.getByLabel('Role').selectOption('operator');
      await page.getByRole('button', { name: 'Create token' }).click();
      await visible(page.getByText('this is the only time its value is shown'));
      const value = await page.getByLabel('Token value').inputValue();
      expect(value).toMatch(/^tws_/);
      const self = await ctl.http().get('/api/v1/tokens/self').set(bearer(value)).expect(200);
      expect(self.body).toMatchObject({ name: 'dr-runbook-script', role: 'operator' });

      await page.getByRole('button', { name: 'I have stored it, hide the value' }).click();
      expect(await page.getByLabel('Token value').count()).toBe(0);
      const row = page.getByRole('row', { name: /dr-runbook-script/ });
      await visible(row);
      await row.getByRole('button', { name: 'Revoke dr-runbook-script' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke “dr-runbook-script”?' });
      await visible(dialog);
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      await visible(page.getByLabel(/Show \d+ revoked token/));
      expect(await page.getByRole('row', { name: /dr-runbook-script/ }).count()).toBe(0);
      await page.getByLabel(/Show \d+ revoked token/).check();
      expect(await page.getByRole('row', { name: /dr-runbook-script/ }).innerText()).toMatch(/revoked/);
      await ctl.http().get('/api/v1/tokens/self').set(bearer(value)).expect(401);
    });
  });

  it('is usable by keyboard: the sign-in form, the navigation and the forms', async () => {
    await withPage(async (page) => {
      await page.goto(ctl.url + '/');
      // The token field has focus on arrival; Enter submits.
      await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'token');
      await page.keyboard.type(ADMIN_TOKEN);
      await page.keyboard.press('Enter');
      await visible(page.getByRole('heading', { name: 'Overview', level: 1 }));
      // From the top of a freshly loaded page, as a keyboard user starts.
      await page.reload();
      await visible(page.getByRole('heading', { name: 'Overview', level: 1 }));

      const focused = () =>
        // Runs in the page (the suites compile without the DOM library, hence `globalThis`).
        page.evaluate(() => {
          const { document, getComputedStyle } = globalThis as any;
          const el = document.activeElement;
          return {
            text: String(el?.innerText ?? '').trim(),
            id: String(el?.id ?? ''),
            tag: String(el?.tagName ?? ''),
            ring: String(el ? getComputedStyle(el).boxShadow : 'none'),
          };
        });
      const tabUntil = async (match: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
        for (let i = 0; i < 80; i++) {
          await page.keyboard.press('Tab');
          const f = await focused();
          if (match(f)) return f;
        }
        throw new Error('Tab never reached the element');
      };

      await page.keyboard.press('Tab');
      expect((await focused()).text).toBe('Skip to content');
      const alertsLink = await tabUntil((f) => f.tag === 'A' && f.text === 'Alerts');
      expect(alertsLink.ring).not.toBe('none');
      await page.keyboard.press('Enter');
      await visible(page.getByRole('heading', { name: 'Alerts', level: 1 }));
      // The radio group of alert states is reachable and switches with the arrow keys.
      await tabUntil((f) => f.tag === 'INPUT' && f.id === '');
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('radio', { name: 'Acknowledged' }).isChecked()).toBe(true);

      await page.goto(ctl.url + '/');
      await visible(page.getByRole('heading', { name: 'Overview', level: 1 }));
      await tabUntil((f) => f.tag === 'A' && f.text === 'Settings');
      await page.keyboard.press('Enter');
      await visible(page.getByRole('heading', { name: 'Settings', level: 1 }));
      await tabUntil((f) => f.id === 'token-name');
      await page.keyboard.type('keyboard-made');
      await page.keyboard.press('Tab');
      expect((await focused()).id).toBe('token-role');
      await page.keyboard.press('Tab');
      expect((await focused()).text).toBe('Create token');
      await page.keyboard.press('Enter');
      await visible(page.getByText('Token “keyboard-made” created'));
    });
  });

  it('probes a site and lists what is at it from the settings', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken, '/settings');
      const east = page.getByRole('article', { name: 'stamp-east' });
      await (await visible(east.getByRole('button', { name: 'Probe stamp-east' }))).click();
      await visible(east.getByText(/Reachable · \d+ ms/));
      await visible(east.getByText('every resource type offers the api-version the gateway uses'));
      await east.getByRole('button', { name: 'Show inventory of stamp-east' }).click();
      await visible(east.getByRole('row', { name: /pay-web-01/ }));
      expect(await east.getByRole('row', { name: /pay-web-01/ }).innerText()).toMatch(
        /app-rg[\s\S]*Standard_DS2_v2/,
      );

      const west = page.getByRole('article', { name: 'stamp-west' });
      await west.getByRole('button', { name: 'Probe stamp-west' }).click();
      await visible(west.getByText('Unreachable'));
    });
  });

  it('lists the alerts the lag sampler opened; an operator acknowledges one with a note, a viewer only reads', async () => {
    // pay-db-01 is past payments' RPO (a warning and a breach); crm-app-01 is near crm's (a warning).
    const opened = async () =>
      (await ctl.http().get('/api/v1/alerts?state=open').set(admin).expect(200)).body.items as any[];
    const breach = (await opened()).find((a) => a.kind === 'rpo-breach');
    expect(breach).toMatchObject({ pairId: estate.payDb.id, state: 'open' });

    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken);
      // The overview counts them against their applications.
      const table = page.locator('table.overview-table');
      await visible(
        table.getByRole('row', { name: /payments/ }).getByRole('link', { name: '2 open alerts' }),
      );
      await visible(table.getByRole('row', { name: /crm/ }).getByRole('link', { name: '1 open alerts' }));
      await page.getByRole('link', { name: 'Alerts', exact: true }).click();
      const items = page.getByRole('list', { name: 'open alerts' }).getByRole('listitem');
      await visible(items.filter({ hasText: 'RPO breach' }));
      expect(await items.count()).toBe(3);
      expect(await items.filter({ hasText: 'RPO breach' }).innerText()).toMatch(
        /RPO breach[\s\S]*open[\s\S]*on pay-db-01 · payments[\s\S]*opened (\d+ (s|min)( \d+ s)? ago|just now)/,
      );
      expect(await items.filter({ hasText: 'crm-app-01' }).innerText()).toMatch(
        /RPO warning[\s\S]*crm-app-01 · crm/,
      );
      expect(await page.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
    });

    await withPage(async (page) => {
      await signIn(page, ctl.url, operatorToken, '/alerts');
      const note = 'replica link saturated, network team on it (INC-4711)';
      await page.getByLabel('Note for the RPO breach alert on pay-db-01 · payments').fill(note);
      await page
        .getByRole('button', { name: 'Acknowledge RPO breach alert on pay-db-01 · payments' })
        .click();
      const open = page.getByRole('list', { name: 'open alerts' }).getByRole('listitem');
      await page.getByRole('list', { name: 'open alerts' }).filter({ hasNotText: 'RPO breach' }).waitFor();
      expect(await open.count()).toBe(2);
      await page.getByRole('radio', { name: 'Acknowledged' }).check();
      await visible(page.getByText(`“${note}”`));
      expect(await page.getByRole('listitem').filter({ hasText: 'RPO breach' }).innerText()).toMatch(
        /acknowledged[\s\S]*pay-db-01 · payments[\s\S]*acknowledged by night-operator/,
      );
      // The controller recorded it: the alert stays until the lag is back within the RPO.
      const stored = await ctl.http().get(`/api/v1/alerts/${breach.id}`).set(admin).expect(200);
      expect(stored.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'night-operator', note });
    });
  });

  it('shows the audit log newest first, filtered by action', async () => {
    await withPage(async (page) => {
      await signIn(page, ctl.url, viewerToken, '/audit');
      const rows = page.locator('table.audit-table tbody tr');
      await visible(rows.first());
      // Newest first: the last thing seeded was a plan.
      expect(await rows.filter({ hasText: 'plan.create' }).first().innerText()).toMatch(
        /bootstrap-admin \(admin\)[\s\S]*plan.create[\s\S]*plan/,
      );
      const actions = await page.locator('table.audit-table tbody td code').allInnerTexts();
      expect(actions.indexOf('plan.create')).toBeLessThan(actions.indexOf('site.create'));

      await page.getByLabel('Action').fill('token.create');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await visible(rows.filter({ hasText: 'night-viewer' }));
      expect(new Set(await page.locator('table.audit-table tbody td code').allInnerTexts())).toEqual(
        new Set(['token.create']),
      );
      // The change is there on demand, secrets redacted by the API.
      await rows
        .filter({ hasText: 'night-viewer' })
        .first()
        .getByText(/name, role/)
        .click();
      expect(await rows.filter({ hasText: 'night-viewer' }).first().locator('pre').innerText()).toContain(
        '"role": "viewer"',
      );
    });
  });

  it('ends the session plainly when the token is revoked while signed in', async () => {
    const shortLived = await issueToken(ctl, 'operator', 'short-lived');
    await withPage(async (page) => {
      await signIn(page, ctl.url, shortLived.token);
      // The overview has loaded (both sites probed): the next call is the user's.
      await visible(page.locator('table.overview-table').getByRole('link', { name: 'payments' }));
      await visible(page.locator('.site-card .reach:not(:has-text("Checking"))').nth(1));
      await ctl.http().delete(`/api/v1/tokens/${shortLived.id}`).set(admin).expect(200);
      await page.getByRole('link', { name: 'Plans' }).click();
      await visible(page.getByText(/Your session ended: the controller no longer accepts this token/));
      await visible(page.getByLabel('API token'));
    });
  });

  it('says plainly when a plan, an application or a run does not exist', async () => {
    const nowhere = '00000000-0000-4000-8000-00000000dead';
    await withPage(async (page) => {
      await signIn(page, ctl.url, operatorToken, `/plans/${nowhere}`);
      await visible(page.getByText('This plan does not exist (it may have been deleted).'));
      await page.goto(`${ctl.url}/applications/${nowhere}`);
      await visible(page.getByText('This application does not exist (it may have been deleted).'));
      await page.goto(`${ctl.url}/runs/${nowhere}`);
      await visible(page.getByText('This failover run does not exist (it may have been deleted).'));
      // Nothing else is the matter: the overview loads as ever.
      await page.getByRole('link', { name: 'Overview' }).click();
      await visible(page.locator('table.overview-table').getByRole('link', { name: 'payments' }));
      expect(await page.getByRole('alert').count()).toBe(0);
    });
  });

  it('shows an operator why preflight blocks a failover to an unreachable site, and the controller refuses it', async () => {
    // stamp-west, the plan's target, is down: preflight cannot read it.
    const plan = estate.plan;
    await withPage(async (page) => {
      await signIn(page, ctl.url, operatorToken, `/plans/${plan.id}`);
      await page.getByRole('button', { name: 'Run preflight for a test failover' }).click();
      const findings = page.locator('.failover-form .preflight');
      await visible(findings.getByText('Preflight found problems.'));
      await visible(findings.getByText(/Blocking:\s*the target site cannot be read/));
      await page.getByLabel('Type the plan name payments-dr to confirm').fill('payments-dr');
      await page.getByRole('button', { name: 'Start test failover' }).click();
      await visible(page.getByRole('alert').getByText(/Starting the failover failed/));
      // Still on the plan: nothing started.
      await visible(page.getByRole('heading', { name: 'payments-dr', level: 1 }));
      await page.screenshot({ path: screenshotPath('preflight-blocked-1280x800.png'), fullPage: true });
    });
    const runs = await ctl.http().get(`/api/v1/failovers?planId=${plan.id}`).set(admin).expect(200);
    expect(runs.body.items).toEqual([]);
  });

  it('fits 1280×800 and an 800 px tablet without sideways scrolling (screenshots in test-results/console)', async () => {
    for (const [width, height] of [
      [1280, 800],
      [800, 1100],
    ] as const) {
      await withPage(
        async (page) => {
          await signIn(page, ctl.url, ADMIN_TOKEN);
          await visible(page.locator('table.overview-table').getByRole('link', { name: 'payments' }));
          await visible(page.locator('.site-card .reach:not(:has-text("Checking"))').nth(1));
          expect(await overflowsHorizontally(page)).toBe(false);
          await page.screenshot({ path: screenshotPath(`overview-${width}x${height}.png`) });

          await page.goto(`${ctl.url}/applications/${estate.payments.id}`);
          await visible(page.getByRole('row', { name: /pay-db-01/ }));
          await visible(page.getByText(/Lag of pay-db-01/));
          expect(await overflowsHorizontally(page)).toBe(false);
          await page.screenshot({
            path: screenshotPath(`application-${width}x${height}.png`),
            fullPage: true,
          });

          await page.goto(`${ctl.url}/plans/${estate.plan.id}`);
          await visible(page.getByRole('heading', { name: 'Fail over', exact: true }));
          expect(await overflowsHorizontally(page)).toBe(false);
          await page.screenshot({ path: screenshotPath(`plan-${width}x${height}.png`), fullPage: true });

          await page.goto(`${ctl.url}/settings`);
          await visible(page.getByRole('heading', { name: 'API tokens' }));
          expect(await overflowsHorizontally(page)).toBe(false);
          await page.screenshot({ path: screenshotPath(`settings-${width}x${height}.png`), fullPage: true });
        },
        width,
        height,
      );
    }
  });
});

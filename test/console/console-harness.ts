import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { admin, TestController } from '../support/controller';
import { guid, siteBody } from '../support/fixtures';

/** Helpers of the console's browser suites: build, browser, sign-in and seeding through the API. */

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CONSOLE_DIST = path.join(REPO_ROOT, 'dist/console');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/console');
const CONSOLE_SOURCES = [
  path.join(REPO_ROOT, 'apps/console'),
  path.join(REPO_ROOT, 'libs/core/src/run-state-machine.ts'),
];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === 'node_modules' || child === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function isConsoleFresh(): boolean {
  const index = path.join(CONSOLE_DIST, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return CONSOLE_SOURCES.every((source) => newestMtime(source) <= built);
}

/**
 * Builds the console into dist/console with Vite's JS API when it is missing or
 * older than its sources. Vite is ESM-only, so it runs in a child Node process;
 * a lock keeps two suites from building at once.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (isConsoleFresh()) return;
  const lock = path.join(os.tmpdir(), 'twinsite-console-build.lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another suite is building; a lock older than 5 minutes is left over from a killed run.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000)
        fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (isConsoleFresh()) return;
    const script =
      "import { build } from 'vite'; await build({ configFile: 'apps/console/vite.config.ts', logLevel: 'warn' });";
    // Jest sets NODE_ENV=test, which would give React's development build.
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(
  browser: Browser,
  width = 1280,
  height = 800,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the form, as a person pastes a token. */
export async function signIn(page: Page, baseUrl: string, token: string, at = '/'): Promise<void> {
  await page.goto(baseUrl + at);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible' });
  return locator;
}

export async function issueToken(
  ctl: TestController,
  role: 'viewer' | 'operator' | 'admin',
  name = `${role}-${guid().slice(0, 6)}`,
) {
  const res = await ctl.http().post('/api/v1/tokens').set(admin).send({ name, role }).expect(201);
  return res.body as { id: string; name: string; token: string };
}

export async function post<T = any>(ctl: TestController, url: string, body: unknown): Promise<T> {
  const res = await ctl
    .http()
    .post(url)
    .set(admin)
    .send(body as object);
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${res.text}`);
  return res.body as T;
}

export const vmId = (name: string) =>
  `/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}`;

export async function createSite(ctl: TestController, name: string, location: string) {
  return post(
    ctl,
    '/api/v1/sites',
    siteBody({ name, location, armEndpoint: `https://management.${location}.contoso.local` }),
  );
}

export async function createApplication(ctl: TestController, body: Record<string, unknown>) {
  return post(ctl, '/api/v1/applications', { owner: 'team@contoso.com', protection: 'replication', ...body });
}

export async function createPair(
  ctl: TestController,
  refs: { applicationId: string; sourceSiteId: string; targetSiteId: string },
  name: string,
) {
  return post(ctl, '/api/v1/pairs', {
    ...refs,
    name,
    sourceResourceId: vmId(name),
    target: { resourceGroup: 'rg-app-dr' },
    lagSource: { kind: 'agent' },
  });
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/** True when the page scrolls sideways, which a user at this width would notice. */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  // Runs in the page; the suites compile without the DOM library.
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as any;
    return document.documentElement.scrollWidth > innerWidth + 1;
  });
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inventoryOf, taggedWith } from '../../scripts/chaos';
import { ADMIN_TOKEN } from '../support/controller';
import { SiteHarness, startSiteHarness } from '../site-failover/harness';
import { buildCli, CliResult, runCli } from './cli-harness';

/**
 * `twinsite site readiness` and `twinsite site failover --watch` as an operator's script
 * runs them, against the real controller (coordinator and failover worker on) and the
 * two simulated stamps: readiness in words, a test failover of the whole site followed
 * to the end, then its cleanup, and the exit codes a script acts on.
 */
describe('twinsite CLI: a whole site', () => {
  let h: SiteHarness;
  let cliMain: string;
  let buildDir: string;
  let home: string;
  let before: unknown;

  const cli = (args: string[]): Promise<CliResult> =>
    runCli(cliMain, args, { home, env: { TWINSITE_URL: h.ctl.url, TWINSITE_TOKEN: ADMIN_TOKEN } });
  const app = (name: string) => h.estate.apps.find((a) => a.spec.name === name)!;

  beforeAll(async () => {
    [{ main: cliMain, dir: buildDir }, h] = await Promise.all([
      buildCli(),
      startSiteHarness([
        { name: 'erp', tier: 1, vms: 2 },
        { name: 'web', tier: 2, vms: 1 },
        { name: 'legacy', tier: 2, vms: 1, protection: 'none', optIn: false },
      ]),
    ]);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-cli-site-'));
    await new Promise((r) => setTimeout(r, 1500)); // recovery points at stamp B
    await h.sampleLag();
    before = await inventoryOf(h.api, h.estate.siteB);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    for (const dir of [home, buildDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('site readiness answers in words first, then one line per application with its verdict and why', async () => {
    const result = await cli(['site', 'readiness', h.estate.siteAName]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`If ${h.estate.siteAName} were lost now, 2 of 3 applications would come back.`);
    expect(lines[1]).toBe('  estimated site RTO  unknown: 2 of 2 plans never drilled');
    expect(lines[2]).toMatch(/^ {2}data lost now {7}\d+s$/);
    const row = (name: string) => lines.find((l) => l.startsWith(app(name).name))!;
    expect(row('erp')).toMatch(/\s1\s+at-risk\s+\d+s \/ 5m\s+never\s+never drilled$/);
    expect(row('legacy')).toMatch(/\s2\s+not-protected\s.*protection is none, not replication; not opted in/);

    const json = await cli(['site', 'readiness', h.estate.siteAName, '-o', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).summary).toMatchObject({
      applications: 3,
      wouldComeBack: 2,
      notProtected: 1,
    });
  });

  it('site failover --watch follows every plan to failed-over and exits 0; cleanup --watch leaves stamp B as before', async () => {
    const started = await cli([
      'site',
      'failover',
      h.estate.siteAName,
      '--kind',
      'test',
      '--yes',
      '--accept-warnings',
      '--watch',
    ]);
    expect([started.code, started.stdout]).toEqual([
      0,
      expect.stringContaining(`run ${app('erp').planName}`),
    ]);
    const id = /Started test failover ([0-9a-f-]{36}) of site/.exec(started.stderr)![1];
    for (const name of ['erp', 'web'])
      expect(started.stdout).toMatch(new RegExp(`run ${app(name).planName}: .*→ failed-over`));
    expect(started.stderr).toContain(`${id} failed-over`);

    const shown = await cli(['site-failover', 'show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`tier 1: ${app('erp').planName} — failed-over`);
    expect(shown.stdout).toMatch(new RegExp(`${app('legacy').name} — .*none`));

    const cleaned = await cli(['site-failover', 'cleanup', id, '--watch']);
    expect([cleaned.code, cleaned.stderr]).toEqual([0, expect.stringContaining(`${id} cleaned-up`)]);
    const sf = await h.api.ok('GET', `/site-failovers/${id}`);
    for (const r of sf.runs) expect(await taggedWith(h.sim, h.sim.b, r.runId)).toEqual([]);
    expect(await inventoryOf(h.api, h.estate.siteB)).toEqual(before);
  }, 120_000);

  it('refuses a wrong site with a clear message and a non-zero exit a script can act on', async () => {
    const result = await cli(['site', 'failover', 'no-such-site', '--kind', 'unplanned', '--yes']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no-such-site/);
  });
});

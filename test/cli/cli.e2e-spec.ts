import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { admin, ADMIN_TOKEN, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';
import { testCaPem } from '../support/fixtures';
import { buildCli, CliResult, runCli } from './cli-harness';

const EXAMPLE = path.resolve(__dirname, '../../apps/cli/examples/estate.yaml');

/** The secrets the example estate takes from the environment. */
const SECRETS = {
  STAMP_A_CLIENT_SECRET: 'stamp-a-client-secret-e2e-7f3a',
  STAMP_B_CLIENT_SECRET: 'stamp-b-client-secret-e2e-91c4',
  PAY_DB_PRIMARY_URL: 'postgres://monitor:pw-primary-e2e@pay-db-a.contoso.local:5432/payments',
  PAY_DB_REPLICA_URL: 'postgres://monitor:pw-replica-e2e@pay-db-b.contoso.local:5432/payments',
  PAY_WEBHOOK_SECRET: 'webhook-secret-e2e-0123456789',
};

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('twinsite CLI against a real controller', () => {
  let databaseUrl: string;
  let ctl: TestController;
  let cliMain: string;
  let buildDir: string;
  let home: string;
  let estateFile: string;
  const tokens: Record<string, string> = {};

  /** `twinsite <args>` with the admin token in the environment unless told otherwise. */
  const cli = (
    args: string[],
    env: Record<string, string | undefined> = {},
    input?: string,
  ): Promise<CliResult> =>
    runCli(cliMain, args, {
      home,
      input,
      env: { TWINSITE_URL: ctl.url, TWINSITE_TOKEN: ADMIN_TOKEN, ...SECRETS, ...env },
    });

  const api = async (url: string) => (await ctl.http().get(`/api/v1${url}`).set(admin).expect(200)).body;
  const byName = async (collection: string, name: string) =>
    (await api(`/${collection}?limit=500`)).items.find((r: any) => r.name === name);
  const versions = async () => {
    const out: Record<string, number> = {};
    for (const collection of ['sites', 'applications', 'network-mappings', 'pairs', 'plans']) {
      for (const r of (await api(`/${collection}?limit=500`)).items)
        out[`${collection}/${r.name}`] = r.version;
    }
    return out;
  };
  const auditCount = async (action: string) => (await api(`/audit?action=${action}&limit=500`)).items.length;
  const writeEstate = (edit: (text: string) => string = (t) => t) =>
    fs.writeFileSync(estateFile, edit(fs.readFileSync(estateFile, 'utf8')));

  beforeAll(async () => {
    [{ main: cliMain, dir: buildDir }, databaseUrl] = await Promise.all([buildCli(), createTestDatabase()]);
    ctl = await startController({ databaseUrl });
    for (const role of ['viewer', 'operator']) {
      tokens[role] = (
        await ctl
          .http()
          .post('/api/v1/tokens')
          .set(admin)
          .send({ name: `cli-${role}`, role })
          .expect(201)
      ).body.token;
    }
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-cli-home-'));
    // The example estate as shipped, with a CA certificate for stamp-a (PEM must compare equal after a round trip).
    const doc = parseDocument(fs.readFileSync(EXAMPLE, 'utf8'));
    doc.setIn(['sites', 0, 'caCertificate'], testCaPem('Stamp A CA'));
    estateFile = path.join(home, 'estate.yaml');
    fs.writeFileSync(estateFile, doc.toString());
  }, 180_000);

  afterAll(async () => {
    await ctl?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    for (const dir of [home, buildDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('login', () => {
    const configFile = () => path.join(home, 'config', 'credentials.json');
    const noEnv = () => ({
      TWINSITE_URL: undefined,
      TWINSITE_TOKEN: undefined,
      TWINSITE_CONFIG: configFile(),
    });

    it('refuses a token the controller does not know, saving nothing (exit 4)', async () => {
      const res = await cli(['login', '--url', ctl.url, '--token', 'tws_not-a-token'], noEnv());
      expect(res.code).toBe(4);
      expect(res.stderr).toContain('refused the token');
      expect(fs.existsSync(configFile())).toBe(false);
    });

    it('without credentials, asks to log in (exit 4)', async () => {
      const res = await cli(['sites', 'list'], noEnv());
      expect(res.code).toBe(4);
      expect(res.stderr).toContain('twinsite login');
    });

    it('checks the token, saves it readable by its owner only, and the next commands use it', async () => {
      const login = await cli(['login', '--url', `${ctl.url}/api/v1/`, '--token', ADMIN_TOKEN], noEnv());
      expect(login.code).toBe(0);
      expect(login.stdout).toMatch(
        /^Logged in to http:\/\/127\.0\.0\.1:\d+ as .+ \(admin\); credentials saved to /,
      );
      expect(fs.statSync(configFile()).mode & 0o777).toBe(0o600);
      expect(JSON.parse(fs.readFileSync(configFile(), 'utf8'))).toEqual({ url: ctl.url, token: ADMIN_TOKEN });

      const list = await cli(['sites', 'list', '-o', 'json'], noEnv());
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([]);
      const whoami = await cli(['whoami', '-o', 'json'], noEnv());
      expect(JSON.parse(whoami.stdout)).toMatchObject({ url: ctl.url, role: 'admin' });
    });
  });

  describe('apply', () => {
    it('creates the whole example estate, resolving names to IDs in dependency order', async () => {
      const preview = await cli(['apply', '-f', estateFile, '--dry-run']);
      expect(preview.code).toBe(7);
      const expected = [
        '+ site stamp-a',
        '+ site stamp-b',
        '+ application payments',
        '+ application intranet',
        '+ network-mapping payments-frontend',
        '+ pair pay-web-01',
        '+ pair pay-db-01',
        '+ plan payments-dr',
      ];
      expect(lines(preview.stdout)).toEqual([
        ...expected,
        'Plan: 8 to create, 0 to update, 0 to delete. Nothing was changed (--dry-run).',
      ]);
      expect((await api('/sites')).items).toEqual([]);

      const res = await cli(['apply', '-f', estateFile]);
      expect([res.code, res.stderr]).toEqual([0, '']);
      expect(lines(res.stdout)).toEqual([...expected, 'Applied: 8 created, 0 updated, 0 deleted.']);

      const [stampA, stampB, payments] = [
        await byName('sites', 'stamp-a'),
        await byName('sites', 'stamp-b'),
        await byName('applications', 'payments'),
      ];
      const [web, db] = [await byName('pairs', 'pay-web-01'), await byName('pairs', 'pay-db-01')];
      expect(stampA).toMatchObject({
        clientSecretSet: true,
        caCertificate: expect.stringContaining('BEGIN CERTIFICATE'),
      });
      expect(web).toMatchObject({
        applicationId: payments.id,
        sourceSiteId: stampA.id,
        targetSiteId: stampB.id,
        sampleIntervalSeconds: 30,
        target: { resourceGroup: 'rg-payments-dr', vmSize: 'Standard_D2_v2', staticIp: '10.2.0.4' },
      });
      expect(db.lagSource).toEqual({ kind: 'postgres', credentialsSet: true });
      expect(await byName('network-mappings', 'payments-frontend')).toMatchObject({
        sourceSiteId: stampA.id,
        targetSiteId: stampB.id,
      });
      const plan = await byName('plans', 'payments-dr');
      expect(plan.applicationId).toBe(payments.id);
      expect(plan.groups.map((g: any) => [g.name, g.pairIds])).toEqual([
        ['database', [db.id]],
        ['web', [web.id]],
      ]);
      expect(plan.groups[0].after[0]).toEqual({ kind: 'database-promote', pairId: db.id });
      expect(plan.groups[1].after[1]).toMatchObject({ kind: 'webhook', secretSet: true });
      // Secrets went to the API, and nowhere else.
      for (const secret of Object.values(SECRETS))
        expect(preview.stdout + res.stdout + res.stderr).not.toContain(secret);
    });

    it('is idempotent: applied again, it changes nothing and says so', async () => {
      const before = await versions();
      const updatesBefore = await auditCount('pair.update');
      const preview = await cli(['apply', '-f', estateFile, '--dry-run']);
      expect([preview.code, lines(preview.stdout)]).toEqual([
        0,
        [`No changes: the controller matches ${estateFile} (8 resources).`],
      ]);
      const again = await cli(['apply', '-f', estateFile]);
      expect([again.code, lines(again.stdout)]).toEqual([
        0,
        [`No changes: the controller matches ${estateFile} (8 resources).`],
      ]);
      expect(await versions()).toEqual(before);
      expect(await auditCount('pair.update')).toBe(updatesBefore);

      const json = await cli(['apply', '-f', estateFile, '--dry-run', '-o', 'json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({
        dryRun: true,
        summary: { create: 0, update: 0, delete: 0, unchanged: 8 },
      });
    });

    it('turns one edited field into exactly one update of that field', async () => {
      writeEstate((t) => t.replace('sampleIntervalSeconds: 30', 'sampleIntervalSeconds: 60'));
      const before = await versions();
      const updatesBefore = await auditCount('pair.update');

      const preview = await cli(['apply', '-f', estateFile, '--dry-run']);
      expect(preview.code).toBe(7);
      expect(lines(preview.stdout)).toEqual([
        '~ pair pay-web-01: sampleIntervalSeconds 30 → 60',
        'Plan: 0 to create, 1 to update, 0 to delete, 7 unchanged. Nothing was changed (--dry-run).',
      ]);
      const json = JSON.parse((await cli(['apply', '-f', estateFile, '--dry-run', '-o', 'json'])).stdout);
      expect(json.changes.filter((c: any) => c.action !== 'unchanged')).toEqual([
        {
          action: 'update',
          kind: 'pair',
          name: 'pay-web-01',
          id: expect.any(String),
          diffs: [{ path: 'sampleIntervalSeconds', from: 30, to: 60 }],
          applied: false,
        },
      ]);

      const res = await cli(['apply', '-f', estateFile]);
      expect([res.code, lines(res.stdout)]).toEqual([
        0,
        [
          '~ pair pay-web-01: sampleIntervalSeconds 30 → 60',
          'Applied: 0 created, 1 updated, 0 deleted, 7 unchanged.',
        ],
      ]);
      expect(await versions()).toEqual({ ...before, 'pairs/pay-web-01': before['pairs/pay-web-01'] + 1 });
      expect((await byName('pairs', 'pay-web-01')).sampleIntervalSeconds).toBe(60);
      expect(await auditCount('pair.update')).toBe(updatesBefore + 1);
      expect((await cli(['apply', '-f', estateFile, '--dry-run'])).code).toBe(0);
    });

    it('sends write-only secrets again only with --update-secrets', async () => {
      const rotated = { STAMP_A_CLIENT_SECRET: 'rotated-secret-e2e-55aa' };
      expect((await cli(['apply', '-f', estateFile, '--dry-run'], rotated)).code).toBe(0);
      const res = await cli(['apply', '-f', estateFile, '--update-secrets'], rotated);
      expect(res.code).toBe(0);
      expect(lines(res.stdout)).toEqual(
        [
          '~ site stamp-a: clientSecret (write-only, sent again)',
          '~ site stamp-b: clientSecret (write-only, sent again)',
          '~ pair pay-db-01:',
          'lagSource.primaryUrl (write-only, sent again)',
          'lagSource.replicaUrl (write-only, sent again)',
          '~ plan payments-dr: groups[1].after[1].secret (write-only, sent again)',
          'Applied: 0 created, 4 updated, 0 deleted, 4 unchanged.',
        ].map((l) => (l.startsWith('lagSource') ? `    ${l}` : l)),
      );
      expect(res.stdout).not.toContain('rotated-secret');
      expect((await byName('plans', 'payments-dr')).groups[1].after[1].secretSet).toBe(true);
      expect((await cli(['apply', '-f', estateFile, '--dry-run'], rotated)).code).toBe(0);
    });

    it("reports the API's field-named error in the file's words, exit 2, and stops there", async () => {
      const bad = path.join(home, 'bad.yaml');
      fs.writeFileSync(
        bad,
        [
          'sites:',
          '  - { name: stamp-c, armEndpoint: "http://management.north.contoso.local", location: north, subscriptionId: 2f1e6a4c-8d3b-4e0f-9a7c-5b6d1e2f3a4b, tenantId: adfs, clientId: c, clientSecret: s }',
          'pairs:',
          '  - name: pay-web-02',
          '    application: payments',
          '    source: stamp-a',
          '    target: stamp-b',
          '    sourceResourceId: /subscriptions/2f1e6a4c-8d3b-4e0f-9a7c-5b6d1e2f3a4b/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/pay-web-02',
          '    replica: { resourceGroup: rg-dr, vmSize: "not a size!" }',
          '    lagSource: { kind: agent }',
        ].join('\n'),
      );
      const res = await cli(['apply', '-f', bad]);
      expect(res.code).toBe(2);
      expect(lines(res.stderr)).toEqual([
        'twinsite: could not create sites[0] (stamp-c): the API refused it (validation-failed)',
        expect.stringMatching(/^ {2}armEndpoint: .+ \[https-url\]$/),
      ]);
      expect(res.stdout).toBe('');
      expect(await byName('sites', 'stamp-c')).toBeUndefined();

      // Fix the site: now the pair's replica is refused, named as the file names it.
      fs.writeFileSync(bad, fs.readFileSync(bad, 'utf8').replace('http://', 'https://'));
      const second = await cli(['apply', '-f', bad, '-o', 'json']);
      expect(second.code).toBe(2);
      expect(lines(second.stderr).join('\n')).toContain('replica.vmSize');
      expect(JSON.parse(second.stdout).changes.map((c: any) => [c.name, c.applied])).toEqual([
        ['stamp-c', true],
        ['pay-web-02', false],
      ]);
      expect(await byName('pairs', 'pay-web-02')).toBeUndefined();
    });

    it('refuses a reference to nothing before sending anything (exit 2)', async () => {
      const bad = path.join(home, 'dangling.yaml');
      fs.writeFileSync(
        bad,
        'applications:\n  - { name: checkout, owner: o@contoso.com, tier: 2, rpoSeconds: 60, rtoSeconds: 600, protection: replication }\nplans:\n  - { name: checkout-dr, application: checkout, groups: [{ name: all, pairs: [no-such-pair] }] }\n',
      );
      const res = await cli(['apply', '-f', bad]);
      expect(res.code).toBe(2);
      expect(lines(res.stderr)).toEqual([
        `twinsite: ${bad} cannot be applied; nothing was changed`,
        '  plans[0] (checkout-dr): groups[0].pairs[0]: there is no pair named no-such-pair, in the file or on the controller',
      ]);
      expect(await byName('applications', 'checkout')).toBeUndefined();
    });

    it('deletes what the file does not declare only with --prune', async () => {
      await ctl
        .http()
        .post('/api/v1/applications')
        .set(admin)
        .send({
          name: 'made-by-hand',
          owner: 'o',
          tier: 4,
          rpoSeconds: 60,
          rtoSeconds: 60,
          protection: 'none',
        })
        .expect(201);
      const onlyApps = path.join(home, 'apps.yaml');
      const doc = parseDocument(fs.readFileSync(estateFile, 'utf8'));
      fs.writeFileSync(
        onlyApps,
        `applications:\n${doc.get('applications')!.toString().replace(/^/gm, '  ')}\n`,
      );
      expect((await cli(['apply', '-f', onlyApps, '--dry-run'])).code).toBe(0);
      const preview = await cli(['apply', '-f', onlyApps, '--dry-run', '--prune']);
      expect([preview.code, lines(preview.stdout)[0]]).toEqual([7, '- application made-by-hand']);
      const res = await cli(['apply', '-f', onlyApps, '--prune']);
      expect(res.code).toBe(0);
      expect(await byName('applications', 'made-by-hand')).toBeUndefined();
      expect(await byName('applications', 'payments')).toBeDefined();
    });
  });

  describe('reading', () => {
    it('lists as tables for people and JSON for scripts, with names instead of IDs', async () => {
      const table = await cli(['pairs', 'list']);
      expect(table.code).toBe(0);
      const [header, ...rows] = lines(table.stdout);
      expect(header).toMatch(
        /^NAME\s+APPLICATION\s+SOURCE\s+TARGET\s+LAG SOURCE\s+STATE\s+LAG\s+RECOVERY POINT\s+ID$/,
      );
      expect(rows.find((r) => r.startsWith('pay-db-01'))).toMatch(
        /^pay-db-01\s+payments\s+stamp-a\s+stamp-b\s+postgres\s/,
      );

      const json = JSON.parse((await cli(['pairs', 'list', '--app', 'payments', '-o', 'json'])).stdout);
      expect(json.map((p: any) => p.name).sort()).toEqual(['pay-db-01', 'pay-web-01']);
      expect(json[0].applicationId).toBe((await byName('applications', 'payments')).id);
    });

    it('shows one resource by name as the estate file would declare it', async () => {
      const pair = await cli(['pairs', 'show', 'pay-web-01']);
      expect(pair.code).toBe(0);
      expect(pair.stdout).toContain('application: payments\n');
      expect(pair.stdout).toContain('source: stamp-a\n');
      expect(pair.stdout).toContain('target: stamp-b\n');
      expect(pair.stdout).toMatch(/^name: pay-web-01\n/);
      expect(pair.stdout).toMatch(/replica:\n( {2}.+\n)* {2}resourceGroup: rg-payments-dr\n/);
      const plan = await cli(['plans', 'show', 'payments-dr']);
      expect(plan.stdout).toMatch(/pairs:\n\s+- pay-db-01/);
      const site = JSON.parse((await cli(['sites', 'show', 'stamp-b', '-o', 'json'])).stdout);
      expect(site).toMatchObject({ name: 'stamp-b', id: expect.any(String), clientSecretSet: true });
      expect((await cli(['sites', 'show', site.id, '-o', 'json'])).stdout).toContain('"name": "stamp-b"');
    });

    it('says when nothing has that name (exit 3)', async () => {
      const res = await cli(['apps', 'show', 'no-such-app']);
      expect([res.code, res.stderr.trim()]).toEqual([
        3,
        'twinsite: there is no application named no-such-app',
      ]);
    });
  });

  describe('alerts and reports', () => {
    it('lists alerts for people and scripts, and says when an alert to acknowledge does not exist', async () => {
      const operator = { TWINSITE_TOKEN: tokens.operator };
      expect(await cli(['alerts', 'list', '--state', 'open'], operator)).toMatchObject({
        code: 0,
        stdout: 'no open alerts\n',
      });
      expect(JSON.parse((await cli(['alerts', 'list', '-o', 'json'], operator)).stdout)).toEqual([]);
      const bad = await cli(['alerts', 'list', '--state', 'closed'], operator);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('  state: ')]);
      const missing = await cli(
        ['alerts', 'ack', '00000000-0000-4000-8000-000000000001', '--note', 'on it'],
        operator,
      );
      expect([missing.code, missing.stderr]).toEqual([3, expect.stringContaining('does not exist')]);
      const viewer = await cli(['alerts', 'ack', '00000000-0000-4000-8000-000000000001', '--note', 'on it'], {
        TWINSITE_TOKEN: tokens.viewer,
      });
      expect(viewer.code).toBe(4);
    });

    it('reports RPO compliance of an application by name, as a table, JSON or CSV', async () => {
      const json = await cli(['report', 'rpo', '--app', 'payments', '--since', '24h', '-o', 'json']);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(Date.parse(report.to) - Date.parse(report.from)).toBe(24 * 3600 * 1000);
      expect(report.applications.map((a: any) => [a.name, a.pairs.map((p: any) => p.name).sort()])).toEqual([
        ['payments', ['pay-db-01', 'pay-web-01']],
      ]);

      const table = await cli(['report', 'rpo', '--app', 'payments']);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('payments (tier 1, RPO 5m): ');
      expect(table.stdout).toMatch(/^ {2}pay-db-01 /m);

      const csv = await cli(['report', 'rpo', '--app', 'payments', '--csv']);
      expect(csv.code).toBe(0);
      expect(csv.stdout.split(/\r?\n/)[0]).toMatch(/^row,application_id,application_name,/);
      expect(csv.stdout).toContain(',payments,');

      expect((await cli(['report', 'rpo', '--since', 'a month'])).code).toBe(1);
    });
  });

  describe('roles and failures a script must tell apart', () => {
    it('a viewer reads, and gets exit 4 on a write', async () => {
      const viewer = { TWINSITE_TOKEN: tokens.viewer };
      expect((await cli(['sites', 'list', '-o', 'json'], viewer)).code).toBe(0);
      writeEstate((t) => t.replace('sampleIntervalSeconds: 60', 'sampleIntervalSeconds: 90'));
      const res = await cli(['apply', '-f', estateFile], viewer);
      expect(res.code).toBe(4);
      expect(res.stderr).toContain('(forbidden)');
      expect((await byName('pairs', 'pay-web-01')).sampleIntervalSeconds).toBe(60);
    });

    it('an unreachable controller exits 6', async () => {
      const res = await cli(['sites', 'list'], { TWINSITE_URL: 'http://127.0.0.1:9' });
      expect(res.code).toBe(6);
      expect(res.stderr).toContain('cannot reach the controller at http://127.0.0.1:9');
    });

    it('usage errors exit 1 and --help exits 0, on every command', async () => {
      expect((await cli(['sites', 'list', '--bogus'])).code).toBe(1);
      expect((await cli(['apply'])).stderr).toContain(
        "required option '-f, --file <estate.yaml>' not specified",
      );
      expect((await cli(['apply'])).code).toBe(1);
      for (const args of [
        ['--help'],
        ['apply', '--help'],
        ['failover', 'start', '--help'],
        ['report', 'rpo', '--help'],
      ]) {
        const res = await cli(args);
        expect([args, res.code, res.stdout]).toEqual([
          args,
          0,
          expect.stringContaining('-o, --output <format>'),
        ]);
      }
    });
  });
});

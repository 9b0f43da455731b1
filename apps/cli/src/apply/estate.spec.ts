import * as fs from 'node:fs';
import * as path from 'node:path';
import { EstateError, interpolate, parseEstate } from './estate';

const parse = (text: string, env: Record<string, string> = {}) => parseEstate(text, 'estate.yaml', env);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EstateError);
    return [(err as EstateError).message, ...(err as EstateError).lines];
  }
  throw new Error('expected an EstateError');
}

describe('estate file', () => {
  it('lists entries in dependency order whatever the order of the sections', () => {
    const estate = parse(`
plans: [{ name: p, application: a, groups: [] }]
pairs: [{ name: x, application: a, source: s1, target: s2, sourceResourceId: /s/vm }]
applications: [{ name: a }]
sites: [{ name: s1 }, { name: s2 }]
`);
    expect(estate.entries.map((e) => `${e.kind}:${e.name}`)).toEqual([
      'site:s1',
      'site:s2',
      'application:a',
      'pair:x',
      'plan:p',
    ]);
    expect(estate.sections).toEqual(['site', 'application', 'pair', 'plan']);
  });

  it('names a pair after its source VM when the file does not', () => {
    const estate = parse(
      `pairs: [{ sourceResourceId: /subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7 }]`,
    );
    expect(estate.entries[0].name).toBe('vm-7');
  });

  it('keeps an empty section, so that --prune knows the file manages that kind', () => {
    expect(parse('sites: []\nplans:\n').sections).toEqual(['site', 'plan']);
  });

  it('refuses what only the file can get wrong, all problems at once', () => {
    const problems = problemsOf(() =>
      parse(`
sitez: []
sites: [{ name: a }, { name: a }, { location: east }]
pairs: [{ name: p, target: { resourceGroup: rg } , application: 3 }]
plans: [{ name: q, groups: [{ name: g, pairs: p }] }]
`),
    );
    expect(problems).toEqual([
      'estate.yaml is not a valid estate file',
      expect.stringContaining('sitez: not a section of an estate file'),
      'sites[1]: the name a is already used by sites[0]',
      'sites[2]: name is required (other entries refer to it by name)',
      expect.stringContaining('pairs[0] (p): application must be the name of an application'),
      'pairs[0] (p): target is the name of the target site; put resourceGroup, vmSize, staticIp… under replica',
      'plans[0] (q): groups[0].pairs must be a list of pair names',
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const problems = problemsOf(() => parse('sites:\n  - name: a\n    location: [east\n'));
    expect(problems[0]).toBe('estate.yaml is not valid YAML');
    expect(problems[1]).toMatch(/^estate\.yaml:\d+:\d+: /);
  });

  it('refuses a file that is not a mapping', () => {
    expect(problemsOf(() => parse('- a\n- b\n'))[0]).toMatch(/must be a mapping/);
  });

  describe('${VAR} interpolation', () => {
    it('replaces variables in string values only, after parsing, so secrets may hold any character', () => {
      const estate = parse(
        'sites: [{ name: a, clientSecret: "${SECRET}", tier: 1, note: "x-${A}-${B:-b}-$${LITERAL}" }]',
        {
          SECRET: 'p#ss: "w0rd"\n- not yaml',
          A: 'a',
        },
      );
      expect(estate.entries[0].fields).toEqual({
        name: 'a',
        clientSecret: 'p#ss: "w0rd"\n- not yaml',
        tier: 1,
        note: 'x-a-b-${LITERAL}',
      });
    });

    it('names every variable that is missing, and sends nothing', () => {
      const problems = problemsOf(() =>
        parse('sites: [{ name: a, clientSecret: "${S1}" }, { name: b, clientSecret: "${S2}${S1}" }]'),
      );
      expect(problems).toEqual([
        'estate.yaml uses environment variables that are not set',
        '${S1} is not set (export it, or write ${S1:-default})',
        '${S2} is not set (export it, or write ${S2:-default})',
      ]);
    });

    it('uses the default when the variable is empty', () => {
      const missing = new Set<string>();
      expect(interpolate({ a: ['${E:-fallback}', '${E}'] }, { E: '' }, missing)).toEqual({
        a: ['fallback', ''],
      });
      expect(missing.size).toBe(0);
    });
  });

  it('reads the example estate shipped with the CLI', () => {
    const file = path.join(__dirname, '../../examples/estate.yaml');
    const estate = parseEstate(fs.readFileSync(file, 'utf8'), file, {
      STAMP_A_CLIENT_SECRET: 'a',
      STAMP_B_CLIENT_SECRET: 'b',
      PAY_DB_PRIMARY_URL: 'postgres://m:p@a/db',
      PAY_DB_REPLICA_URL: 'postgres://m:p@b/db',
      PAY_WEBHOOK_SECRET: 'sixteen-characters-at-least',
    });
    expect(estate.entries.map((e) => `${e.kind}:${e.name}`)).toEqual([
      'site:stamp-a',
      'site:stamp-b',
      'application:payments',
      'application:intranet',
      'network-mapping:payments-frontend',
      'pair:pay-web-01',
      'pair:pay-db-01',
      'plan:payments-dr',
    ]);
  });
});

import { ApiClient } from '../api-client';
import { ExitCode } from '../exit-codes';
import { parseEstate } from './estate';
import { ApplyError, executePlan, requestBody } from './execute';
import { KIND, KindName } from './kinds';
import { Change, hasChanges, planChanges, RemoteResource, RemoteState } from './plan';
import { changeLines, summaryLine } from './render';

const ENV = {
  STAMP_A_SECRET: 'stamp-a-secret-value',
  DB_PRIMARY: 'postgres://monitor:pw@db-a.contoso.local:5432/pay',
  DB_REPLICA: 'postgres://monitor:pw@db-b.contoso.local:5432/pay',
  HOOK_SECRET: 'hook-secret-0123456789',
};
const VM = (name: string) =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;

/** An estate like the example, with `edits` applied to the text. */
function estateText(edit: (text: string) => string = (t) => t): string {
  return edit(`
sites:
  - { name: stamp-a, armEndpoint: https://a.local, location: east, clientSecret: "\${STAMP_A_SECRET}" }
  - { name: stamp-b, armEndpoint: https://b.local, location: west, clientSecret: plain }
applications:
  - { name: payments, owner: pay@contoso.com, tier: 1, rpoSeconds: 300, rtoSeconds: 3600, protection: replication }
  - { name: intranet, owner: it@contoso.com, tier: 3, rpoSeconds: 86400, rtoSeconds: 86400, protection: none }
pairs:
  - name: pay-web-01
    application: payments
    source: stamp-a
    target: stamp-b
    sourceResourceId: ${VM('pay-web-01')}
    replica: { resourceGroup: rg-dr, vmSize: Standard_D2_v2 }
    sampleIntervalSeconds: 30
    lagSource: { kind: agent }
  - name: pay-db-01
    application: payments
    source: stamp-a
    target: stamp-b
    sourceResourceId: ${VM('pay-db-01')}
    replica: { resourceGroup: rg-dr }
    lagSource: { kind: postgres, primaryUrl: "\${DB_PRIMARY}", replicaUrl: "\${DB_REPLICA}" }
plans:
  - name: payments-dr
    application: payments
    groups:
      - name: db
        pairs: [pay-db-01]
        after: [{ kind: database-promote, pair: pay-db-01 }]
      - name: web
        pairs: [pay-web-01]
        after:
          - { kind: health-check, protocol: tcp, target: "pair:pay-web-01", port: 443 }
          - { kind: webhook, url: https://hooks.local/x, secret: "\${HOOK_SECRET}" }
`);
}

const estateOf = (text = estateText(), env: Record<string, string> = ENV) =>
  parseEstate(text, 'estate.yaml', env);

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** What the API answers after creating a resource from `body`: its defaults filled in, its secrets replaced by flags. */
function asStoredByApi(kind: KindName, body: Record<string, any>, id: string): RemoteResource {
  const common = { id, version: 1, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' };
  switch (kind) {
    case 'site': {
      const { clientSecret, ...rest } = body;
      return {
        apiProfile: '2020-09-01-hybrid',
        caCertificate: null,
        ...rest,
        clientSecretSet: !!clientSecret,
        ...common,
      };
    }
    case 'application':
      return { optIn: false, description: null, ...body, ...common };
    case 'pair': {
      const { primaryUrl, replicaUrl: _r, ...lagSource } = body.lagSource;
      const view = ['postgres', 'mysql'].includes(lagSource.kind)
        ? { ...lagSource, credentialsSet: !!primaryUrl }
        : lagSource;
      return {
        sampleIntervalSeconds: 60,
        ...body,
        target: { mode: 'from-recovery-point', ...body.target },
        lagSource: view,
        state: 'unknown',
        lagSeconds: null,
        lastRecoveryPointAt: null,
        ...common,
      };
    }
    case 'plan': {
      const step = (s: any) => {
        const defaults =
          s.kind === 'webhook'
            ? { timeoutSeconds: 30, retries: 2 }
            : s.kind === 'health-check'
              ? { timeoutSeconds: 300 }
              : {};
        const { secret, ...rest } = { ...defaults, ...s };
        return ['webhook', 'dns-update'].includes(s.kind) ? { ...rest, secretSet: !!secret } : rest;
      };
      return {
        description: null,
        ...body,
        groups: body.groups.map((g: any) => ({
          name: g.name,
          pairIds: g.pairIds,
          before: (g.before ?? []).map(step),
          after: (g.after ?? []).map(step),
        })),
        ...common,
      };
    }
    default:
      return { ...body, ...common };
  }
}

/** Plays a plan against an in-memory controller: the state the API would then hold, and the bodies it received. */
function applyInMemory(
  plan: ReturnType<typeof planChanges>,
  remote: RemoteState = {},
  updateSecrets = false,
) {
  const state: RemoteState = Object.fromEntries(
    Object.entries(remote).map(([k, v]) => [k, v!.map((r) => ({ ...r }))]),
  );
  const bodies: Array<{ action: string; kind: KindName; name: string; body: Record<string, any> }> = [];
  let next = 100;
  for (const change of plan.changes) {
    if (change.action === 'create') {
      const body = requestBody(change, plan.refs, updateSecrets);
      const id = uuid(next++);
      plan.refs.register(change.kind, change.name, id);
      (state[change.kind] ??= []).push(asStoredByApi(change.kind, body, id));
      bodies.push({ action: 'create', kind: change.kind, name: change.name, body });
    } else if (change.action === 'update') {
      const body = requestBody(change, plan.refs, updateSecrets);
      const list = state[change.kind]!;
      const i = list.findIndex((r) => r.id === change.remote!.id);
      const merged = { ...list[i], ...body };
      list[i] = {
        ...asStoredByApi(
          change.kind,
          { ...merged, lagSource: body.lagSource ?? { ...(list[i].lagSource as any), primaryUrl: 'kept' } },
          list[i].id,
        ),
        version: (list[i].version ?? 1) + 1,
      };
      bodies.push({ action: 'update', kind: change.kind, name: change.name, body });
    }
  }
  return { state, bodies };
}

const lines = (changes: Change[]) => changes.flatMap(changeLines);

describe('apply: planning changes', () => {
  const created = () => applyInMemory(planChanges(estateOf(), {})).state;

  it('creates everything on an empty controller, in dependency order, names turned into IDs', () => {
    const plan = planChanges(estateOf(), {});
    expect(plan.problems).toEqual([]);
    expect(lines(plan.changes)).toEqual([
      '+ site stamp-a',
      '+ site stamp-b',
      '+ application payments',
      '+ application intranet',
      '+ pair pay-web-01',
      '+ pair pay-db-01',
      '+ plan payments-dr',
    ]);
    const { bodies, state } = applyInMemory(plan);
    const [siteA, siteB] = state.site!;
    const payments = state.application!.find((a) => a.name === 'payments')!;
    const web = bodies.find((b) => b.name === 'pay-web-01')!.body;
    expect(web).toEqual({
      name: 'pay-web-01',
      applicationId: payments.id,
      sourceSiteId: siteA.id,
      targetSiteId: siteB.id,
      sourceResourceId: VM('pay-web-01'),
      target: { resourceGroup: 'rg-dr', vmSize: 'Standard_D2_v2' },
      sampleIntervalSeconds: 30,
      lagSource: { kind: 'agent' },
    });
    // Secrets go on create.
    expect(bodies.find((b) => b.name === 'stamp-a')!.body.clientSecret).toBe('stamp-a-secret-value');
    expect(bodies.find((b) => b.name === 'pay-db-01')!.body.lagSource).toEqual({
      kind: 'postgres',
      primaryUrl: ENV.DB_PRIMARY,
      replicaUrl: ENV.DB_REPLICA,
    });
    const pairIds = Object.fromEntries(state.pair!.map((p) => [p.name, p.id]));
    expect(bodies.find((b) => b.kind === 'plan')!.body).toEqual({
      name: 'payments-dr',
      applicationId: payments.id,
      groups: [
        {
          name: 'db',
          pairIds: [pairIds['pay-db-01']],
          after: [{ kind: 'database-promote', pairId: pairIds['pay-db-01'] }],
        },
        {
          name: 'web',
          pairIds: [pairIds['pay-web-01']],
          after: [
            { kind: 'health-check', protocol: 'tcp', target: `pair:${pairIds['pay-web-01']}`, port: 443 },
            { kind: 'webhook', url: 'https://hooks.local/x', secret: ENV.HOOK_SECRET },
          ],
        },
      ],
    });
  });

  it('changes nothing the second time: defaults filled in by the API, secrets and what stands for them are not differences', () => {
    const plan = planChanges(estateOf(), created());
    expect(plan.problems).toEqual([]);
    expect(plan.changes.map((c) => c.action)).toEqual(Array(7).fill('unchanged'));
    expect(hasChanges(plan)).toBe(false);
    expect(summaryLine(plan, 'estate.yaml', 'dry-run')).toBe(
      'No changes: the controller matches estate.yaml (7 resources).',
    );
  });

  it('does not see a changed secret (it cannot be read back) unless --update-secrets sends them again', () => {
    const rotated = estateOf(estateText(), {
      ...ENV,
      STAMP_A_SECRET: 'rotated',
      DB_PRIMARY: 'postgres://m:new@db-a/pay',
    });
    expect(hasChanges(planChanges(rotated, created()))).toBe(false);

    const plan = planChanges(rotated, created(), { updateSecrets: true });
    expect(lines(plan.changes)).toEqual([
      '~ site stamp-a: clientSecret (write-only, sent again)',
      '~ site stamp-b: clientSecret (write-only, sent again)',
      '~ pair pay-db-01:',
      '    lagSource.primaryUrl (write-only, sent again)',
      '    lagSource.replicaUrl (write-only, sent again)',
      '~ plan payments-dr: groups[1].after[1].secret (write-only, sent again)',
    ]);
    const { bodies } = applyInMemory(plan, created(), true);
    expect(bodies.map((b) => [b.name, b.body])).toEqual([
      ['stamp-a', { clientSecret: 'rotated' }],
      ['stamp-b', { clientSecret: 'plain' }],
      [
        'pay-db-01',
        {
          lagSource: {
            kind: 'postgres',
            primaryUrl: 'postgres://m:new@db-a/pay',
            replicaUrl: ENV.DB_REPLICA,
          },
        },
      ],
      ['payments-dr', { groups: expect.any(Array) }],
    ]);
    expect(JSON.stringify(bodies[3].body)).toContain(ENV.HOOK_SECRET);
  });

  it('updates exactly the field that differs', () => {
    const edited = estateOf(
      estateText((t) => t.replace('sampleIntervalSeconds: 30', 'sampleIntervalSeconds: 60')),
    );
    const plan = planChanges(edited, created());
    expect(lines(plan.changes)).toEqual(['~ pair pay-web-01: sampleIntervalSeconds 30 → 60']);
    expect(summaryLine(plan, 'estate.yaml', 'dry-run')).toBe(
      'Plan: 0 to create, 1 to update, 0 to delete, 6 unchanged. Nothing was changed (--dry-run).',
    );
    const { bodies, state } = applyInMemory(plan, created());
    expect(bodies).toEqual([
      { action: 'update', kind: 'pair', name: 'pay-web-01', body: { sampleIntervalSeconds: 60 } },
    ]);
    expect(hasChanges(planChanges(edited, state))).toBe(false);
  });

  it('shows a nested change down to its leaf but sends the whole object, which the API replaces', () => {
    const edited = estateOf(
      estateText((t) => t.replace('vmSize: Standard_D2_v2', 'vmSize: Standard_D3_v2, staticIp: 10.2.0.4')),
    );
    const plan = planChanges(edited, created());
    expect(lines(plan.changes)).toEqual([
      '~ pair pay-web-01:',
      '    replica.vmSize Standard_D2_v2 → Standard_D3_v2',
      '    replica.staticIp (unset) → 10.2.0.4',
    ]);
    expect(requestBody(plan.changes.find((c) => c.action === 'update')!, plan.refs, false)).toEqual({
      target: { resourceGroup: 'rg-dr', vmSize: 'Standard_D3_v2', staticIp: '10.2.0.4' },
    });
  });

  it('shows references by name and sends them by ID', () => {
    const remote = created();
    const edited = estateOf(
      estateText((t) =>
        t.replace(
          /application: payments\n {4}source: stamp-a\n {4}target: stamp-b\n {4}sourceResourceId: (\S+pay-web-01)/,
          'application: intranet\n    source: stamp-a\n    target: stamp-b\n    sourceResourceId: $1',
        ),
      ),
    );
    const plan = planChanges(edited, remote);
    expect(lines(plan.changes)).toEqual(['~ pair pay-web-01: application payments → intranet']);
    const intranet = remote.application!.find((a) => a.name === 'intranet')!;
    expect(requestBody(plan.changes.find((c) => c.action === 'update')!, plan.refs, false)).toEqual({
      applicationId: intranet.id,
    });
  });

  it('creates a new application before the existing pair that moves to it', async () => {
    const remote = created();
    const edited = estateOf(
      estateText((t) =>
        t
          .replace(
            'applications:\n',
            'applications:\n  - { name: checkout, owner: c@contoso.com, tier: 2, rpoSeconds: 60, rtoSeconds: 600, protection: replication }\n',
          )
          .replace(
            /application: payments\n {4}source: stamp-a\n {4}target: stamp-b\n {4}sourceResourceId: (\S+pay-web-01)/,
            'application: checkout\n    source: stamp-a\n    target: stamp-b\n    sourceResourceId: $1',
          ),
      ),
    );
    const plan = planChanges(edited, remote);
    expect(lines(plan.changes)).toEqual([
      '+ application checkout',
      '~ pair pay-web-01: application payments → checkout',
    ]);
    const { client, calls } = fakeApi({ 'POST /applications': { id: uuid(999) } });
    await executePlan(client, plan, {}, () => undefined);
    const web = remote.pair!.find((p) => p.name === 'pay-web-01')!;
    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/applications',
        ifMatch: null,
        body: expect.objectContaining({ name: 'checkout' }),
      },
      { method: 'PATCH', path: `/pairs/${web.id}`, ifMatch: '"1"', body: { applicationId: uuid(999) } },
    ]);
  });

  it('refuses references to nothing and changes to what a pair is, before sending anything', () => {
    const edited = estateOf(
      estateText((t) =>
        t
          .replace('pairs: [pay-db-01]', 'pairs: [pay-db-02]')
          .replace(
            /(name: pay-web-01\n {4}application: payments\n {4}source: stamp-a\n {4}target:) stamp-b/,
            '$1 stamp-c',
          ),
      ),
    );
    const plan = planChanges(edited, created());
    expect(plan.problems).toEqual([
      'pairs[0] (pay-web-01): target: there is no site named stamp-c, in the file or on the controller',
      'pairs[0] (pay-web-01): target cannot change after creation (stamp-b → stamp-c); delete the pair first, or declare a new one under another name',
      'plans[0] (payments-dr): groups[0].pairs[0]: there is no pair named pay-db-02, in the file or on the controller',
    ]);
  });

  it('resolves names of resources the file does not declare from the controller', () => {
    const remote = created();
    const onlyPairs = estateOf(
      `pairs:\n  - { name: pay-web-02, application: payments, source: stamp-a, target: stamp-b, sourceResourceId: ${VM('pay-web-02')}, replica: { resourceGroup: rg }, lagSource: { kind: agent } }\n`,
    );
    const plan = planChanges(onlyPairs, remote);
    expect(plan.problems).toEqual([]);
    expect(lines(plan.changes)).toEqual(['+ pair pay-web-02']);
    expect(requestBody(plan.changes.find((c) => c.action === 'create')!, plan.refs, false)).toMatchObject({
      applicationId: remote.application!.find((a) => a.name === 'payments')!.id,
      sourceSiteId: remote.site![0].id,
    });
  });

  it('knows a pair by its source VM, so renaming it in the file renames it', () => {
    const edited = estateOf(
      estateText((t) =>
        t
          .replace('name: pay-web-01', 'name: web-frontend')
          .replace('pairs: [pay-web-01]', 'pairs: [web-frontend]')
          .replace('pair:pay-web-01', 'pair:web-frontend'),
      ),
    );
    const plan = planChanges(edited, created());
    expect(plan.problems).toEqual([]);
    expect(lines(plan.changes)).toEqual(['~ pair web-frontend: name pay-web-01 → web-frontend']);
  });

  it('leaves fields the file does not mention alone', () => {
    const remote = created();
    remote.application![0] = { ...remote.application![0], description: 'set in the console', optIn: true };
    expect(hasChanges(planChanges(estateOf(), remote))).toBe(false);
  });

  it('keeps step secrets the controller holds when a plan changes, and sends new ones', () => {
    const edited = estateOf(estateText((t) => t.replace('port: 443 }', 'port: 8443 }')));
    const plan = planChanges(edited, created());
    expect(lines(plan.changes)).toEqual(['~ plan payments-dr: groups[1].after[0].port 443 → 8443']);
    const body: any = requestBody(plan.changes.find((c) => c.action === 'update')!, plan.refs, false);
    expect(body.groups[1].after[1]).toEqual({ kind: 'webhook', url: 'https://hooks.local/x' });

    const newHook = estateOf(estateText((t) => t.replace('https://hooks.local/x', 'https://hooks.local/y')));
    const plan2 = planChanges(newHook, created());
    expect(lines(plan2.changes)).toEqual([
      '~ plan payments-dr: groups[1].after[1].url https://hooks.local/x → https://hooks.local/y',
    ]);
    const body2: any = requestBody(plan2.changes.find((c) => c.action === 'update')!, plan2.refs, false);
    expect(body2.groups[1].after[1].secret).toBe(ENV.HOOK_SECRET);
  });

  it('sends lag-source URLs on update only when the kind changes (the API keeps them otherwise)', () => {
    const heartbeat = estateOf(
      estateText((t) =>
        t.replace(
          'replicaUrl: "${DB_REPLICA}" }',
          'replicaUrl: "${DB_REPLICA}", heartbeatIntervalSeconds: 10 }',
        ),
      ),
    );
    const plan = planChanges(heartbeat, created());
    expect(lines(plan.changes)).toEqual([
      '~ pair pay-db-01: lagSource.heartbeatIntervalSeconds (unset) → 10',
    ]);
    expect(requestBody(plan.changes.find((c) => c.action === 'update')!, plan.refs, false)).toEqual({
      lagSource: { kind: 'postgres', heartbeatIntervalSeconds: 10 },
    });

    const remote = created();
    const db = remote.pair!.find((p) => p.name === 'pay-db-01')!;
    db.lagSource = { kind: 'agent' };
    const plan2 = planChanges(estateOf(), remote);
    expect(lines(plan2.changes)).toEqual([
      '~ pair pay-db-01: lagSource {"kind":"agent"} → {"kind":"postgres"}',
    ]);
    expect(requestBody(plan2.changes.find((c) => c.action === 'update')!, plan2.refs, false)).toEqual({
      lagSource: { kind: 'postgres', primaryUrl: ENV.DB_PRIMARY, replicaUrl: ENV.DB_REPLICA },
    });
  });

  it('deletes only with --prune, only in the sections the file has, dependants first', () => {
    const remote = created();
    remote.application!.push({ id: uuid(1), name: 'legacy', version: 3 });
    remote.pair!.push({
      id: uuid(2),
      name: 'old-vm',
      version: 1,
      sourceSiteId: remote.site![0].id,
      sourceResourceId: VM('old-vm'),
    });
    remote.site!.push({ id: uuid(3), name: 'stamp-z', version: 1 });
    const withoutSites = estateOf(estateText((t) => t.replace(/^sites:[\s\S]*?(?=applications:)/m, '')));
    expect(hasChanges(planChanges(withoutSites, remote))).toBe(false);
    const plan = planChanges(withoutSites, remote, { prune: true });
    expect(lines(plan.changes)).toEqual(['- pair old-vm', '- application legacy']);
  });
});

describe('apply: making the changes', () => {
  it('stops at the first refusal and reports it in the words of the file, with the exit code of the status', async () => {
    const plan = planChanges(parseEstate(estateText(), 'estate.yaml', ENV), {});
    const { client } = fakeApi({
      'POST /pairs': {
        status: 400,
        body: {
          error: {
            code: 'validation-failed',
            message: 'x',
            details: [
              { field: 'target.vmSize', rule: 'matches', message: 'vmSize must be a VM size name' },
              { field: 'applicationId', rule: 'exists', message: 'application … does not exist' },
            ],
          },
        },
      },
    });
    const applied: string[] = [];
    const err = await executePlan(client, plan, {}, (c) => applied.push(c.name)).catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.exitCode).toBe(ExitCode.Validation);
    expect(err.message).toBe(
      'could not create pairs[0] (pay-web-01): the API refused it (validation-failed)',
    );
    expect(err.lines).toEqual([
      'replica.vmSize: vmSize must be a VM size name [matches]',
      'application: application … does not exist [exists]',
    ]);
    expect(applied).toEqual(['stamp-a', 'stamp-b', 'payments', 'intranet']);
  });

  it('sends the version it read, so that a concurrent change is not overwritten (412: exit 5)', async () => {
    const remote: RemoteState = {
      application: [{ id: uuid(7), name: 'intranet', version: 4, owner: 'someone-else' }],
    };
    const plan = planChanges(
      parseEstate('applications: [{ name: intranet, owner: it@contoso.com }]', 'e.yaml', {}),
      remote,
    );
    const { client, calls } = fakeApi({
      [`PATCH /applications/${uuid(7)}`]: {
        status: 412,
        body: {
          error: { code: 'stale-version', message: 'application changed since version 4', details: {} },
        },
      },
    });
    const err = await executePlan(client, plan, {}, () => undefined).catch((e) => e);
    expect(calls[0]).toEqual({
      method: 'PATCH',
      path: `/applications/${uuid(7)}`,
      ifMatch: '"4"',
      body: { owner: 'it@contoso.com' },
    });
    expect(err.exitCode).toBe(ExitCode.Conflict);
    expect(err.message).toBe(
      'could not update applications[0] (intranet): application changed since version 4 (stale-version)',
    );
  });
});

/** A controller that answers each `METHOD /path` as told (201 `{ id }` by default) and records the calls. */
function fakeApi(answers: Record<string, { status: number; body: unknown } | Record<string, unknown>>) {
  const calls: Array<{ method: string; path: string; ifMatch: string | null; body: unknown }> = [];
  let n = 500;
  const client = new ApiClient({
    baseUrl: 'http://twinsite.test',
    token: 't',
    fetch: async (url, init) => {
      const path = new URL(url).pathname.replace('/api/v1', '');
      const method = String(init.method);
      const headers = init.headers as Record<string, string>;
      calls.push({
        method,
        path,
        ifMatch: headers['If-Match'] ?? null,
        body: init.body ? JSON.parse(String(init.body)) : null,
      });
      const answer: any = answers[`${method} ${path}`];
      if (answer && typeof answer.status === 'number')
        return new Response(JSON.stringify(answer.body), { status: answer.status });
      return new Response(JSON.stringify(answer ?? { id: uuid(n++) }), {
        status: method === 'POST' ? 201 : 200,
      });
    },
  });
  return { client, calls };
}

// Keep the kinds table honest: every kind has its collection.
it.each(Object.entries(KIND))('%s has an API collection', (_kind, info) => {
  expect(info.path).toMatch(/^\/[a-z-]+$/);
});

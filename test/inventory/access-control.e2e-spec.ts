import { admin, bearer, startController, TestController } from '../support/controller';
import { createTestDatabase, dropTestDatabase } from '../support/database';

type Level = 'public' | 'read' | 'operate' | 'admin' | 'agent';
const ROLES = ['viewer', 'operator', 'admin'] as const;
const RANK: Record<string, number> = { viewer: 1, operator: 2, admin: 3 };
const NEEDED: Record<Level, number> = { public: 0, read: 1, operate: 2, agent: 2, admin: 3 };

/**
 * The 401/403 matrix for every route and role. The routes come from the live OpenAPI
 * document, so a route added later is covered without touching this suite.
 */
/** Only the status matters here; the body of a stream (the event stream) is never waited for. */
async function statusOf(baseUrl: string, method: string, path: string, token?: string): Promise<{ status: number; code?: string }> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, {
    method: method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: method === 'get' || method === 'head' ? undefined : '{}',
    signal: abort.signal,
  });
  let code: string | undefined;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) code = ((await res.json()) as any)?.error?.code;
  abort.abort();
  return { status: res.status, code };
}

describe('access control', () => {
  let databaseUrl: string;
  let ctl: TestController;
  const tokens: Record<string, string> = {};
  let routes: Array<{ method: string; path: string; level: Level }>;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ctl = await startController({ databaseUrl });
    for (const role of ROLES) {
      const res = await ctl.http().post('/api/v1/tokens').set(admin).send({ name: `${role}-token`, role }).expect(201);
      tokens[role] = res.body.token;
    }
    const doc = (await ctl.http().get('/api/docs-json').expect(200)).body;
    routes = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/api/v1')) continue;
      for (const [method, op] of Object.entries<any>(item)) {
        routes.push({ method, path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'), level: op['x-twinsite-access'] });
      }
    }
  });
  afterAll(async () => {
    await ctl.close();
    await dropTestDatabase(databaseUrl);
  });

  it('declares an access level on every API route', () => {
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect([route, NEEDED[route.level]]).toEqual([route, expect.any(Number)]);
  });

  it('answers 401 without a token, and with an unknown one, on every API route', async () => {
    for (const route of routes.filter((r) => r.level !== 'public')) {
      const none = await statusOf(ctl.url, route.method, route.path);
      expect([route.method, route.path, none.status, none.code]).toEqual([route.method, route.path, 401, 'unauthenticated']);
      const unknown = await statusOf(ctl.url, route.method, route.path, 'tws_nope');
      expect([route.method, route.path, unknown.status]).toEqual([route.method, route.path, 401]);
    }
  });

  it('answers 403 to a role below the route, and lets a role at or above it through', async () => {
    for (const route of routes.filter((r) => r.level !== 'public')) {
      for (const role of ROLES) {
        const res = await statusOf(ctl.url, route.method, route.path, tokens[role]);
        const allowed = RANK[role] >= NEEDED[route.level];
        if (allowed) {
          expect([route.method, route.path, role, res.status === 401 || res.status === 403]).toEqual([route.method, route.path, role, false]);
        } else {
          expect([route.method, route.path, role, res.status, res.code]).toEqual([route.method, route.path, role, 403, 'forbidden']);
        }
      }
    }
  });

  it('stops a revoked token at once', async () => {
    const issued = await ctl.http().post('/api/v1/tokens').set(admin).send({ name: 'short-lived', role: 'viewer' }).expect(201);
    await ctl.http().get('/api/v1/sites').set(bearer(issued.body.token)).expect(200);
    await ctl.http().delete(`/api/v1/tokens/${issued.body.id}`).set(admin).expect(200);
    const res = await ctl.http().get('/api/v1/sites').set(bearer(issued.body.token)).expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('lists tokens without their values and audits who made them', async () => {
    const list = await ctl.http().get('/api/v1/tokens').set(admin).expect(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(4);
    for (const token of Object.values(tokens)) expect(list.text).not.toContain(token);
    const audit = await ctl.http().get('/api/v1/audit?action=token.create&limit=500').set(admin).expect(200);
    expect(audit.body.items.map((e: any) => e.change.name)).toEqual(expect.arrayContaining(['viewer-token', 'operator-token', 'admin-token']));
    expect(audit.body.items.find((e: any) => e.change.name === 'viewer-token').actorName).toBe('bootstrap-admin');
  });

  it('keeps health, readiness and metrics open', async () => {
    await ctl.http().get('/healthz').expect(200);
    await ctl.http().get('/readyz').expect(200);
    const metrics = await ctl.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('twinsite_http_request_duration_seconds_bucket');
  });
});

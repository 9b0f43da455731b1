import { ApiClient, ApiError, EndpointMissingError, UnreachableError } from './api-client';

function client(handler: (url: URL, init: RequestInit) => Response | Promise<Response>) {
  const seen: Array<{ url: URL; init: RequestInit }> = [];
  const api = new ApiClient({
    baseUrl: 'http://ctl:3000/',
    token: 'tws_abc',
    fetch: async (url, init) => {
      seen.push({ url: new URL(url), init });
      return handler(new URL(url), init);
    },
  });
  return { api, seen };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('API client', () => {
  it('sends the bearer token under /api/v1 and If-Match with the version', async () => {
    const { api, seen } = client(() => json({ id: '1', version: 3 }));
    await api.patch('/sites/1', { location: 'north' }, 2);
    const headers = seen[0].init.headers as Record<string, string>;
    expect(seen[0].url.toString()).toBe('http://ctl:3000/api/v1/sites/1');
    expect(headers).toMatchObject({
      Authorization: 'Bearer tws_abc',
      'If-Match': '"2"',
      'Content-Type': 'application/json',
    });
    expect(seen[0].init.body).toBe('{"location":"north"}');
  });

  it('follows cursors to the end of a list', async () => {
    const { api, seen } = client((url) =>
      url.searchParams.get('cursor') === 'c2'
        ? json({ items: [{ id: 3 }], nextCursor: null })
        : json({ items: [{ id: 1 }, { id: 2 }], nextCursor: 'c2' }),
    );
    expect(await api.listAll('/pairs', { state: 'healthy' })).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(seen.map((s) => s.url.search)).toEqual([
      '?state=healthy&limit=500',
      '?state=healthy&limit=500&cursor=c2',
    ]);
  });

  it('turns an error body into a typed error with its code, message and field details', async () => {
    const { api } = client(() =>
      json(
        {
          error: {
            code: 'validation-failed',
            message: 'armEndpoint: must be https',
            details: [{ field: 'armEndpoint', rule: 'https-url', message: 'must be https' }],
          },
        },
        400,
      ),
    );
    const err = await api.post('/sites', {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'validation-failed',
      message: 'armEndpoint: must be https',
      exitCode: 2,
    });
    expect(err.violations).toEqual([{ field: 'armEndpoint', rule: 'https-url', message: 'must be https' }]);
  });

  it('tells a missing endpoint (Nest\'s "Cannot GET") from a missing resource', async () => {
    const { api } = client((url) =>
      url.pathname.endsWith('/alerts')
        ? json(
            { error: { code: 'not-found', message: 'Cannot GET /api/v1/alerts?state=open', details: null } },
            404,
          )
        : json(
            {
              error: {
                code: 'not-found',
                message: 'site 42 does not exist',
                details: { resource: 'site', id: '42' },
              },
            },
            404,
          ),
    );
    const missing = await api.get('/alerts', { state: 'open' }).catch((e) => e);
    expect(missing).toBeInstanceOf(EndpointMissingError);
    expect(missing.message).toBe(
      'the controller at http://ctl:3000 has no endpoint GET /api/v1/alerts: it does not offer this yet (is it older than this CLI?)',
    );
    expect(missing.exitCode).toBe(3);
    const gone = await api.get('/sites/42').catch((e) => e);
    expect(gone).not.toBeInstanceOf(EndpointMissingError);
    expect(gone).toMatchObject({ code: 'not-found', message: 'site 42 does not exist', exitCode: 3 });
  });

  it("reports a body that is not the API's error shape with the status", async () => {
    const { api } = client(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const err = await api.get('/sites').catch((e) => e);
    expect(err).toMatchObject({
      status: 502,
      exitCode: 6,
      message: 'GET /api/v1/sites answered 502 Bad Gateway: <html>Bad gateway</html>',
    });
  });

  it('says when the controller cannot be reached', async () => {
    const { api } = client(() => {
      throw new TypeError('fetch failed', {
        cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:3000' },
      });
    });
    const err = await api.get('/sites').catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.message).toBe(
      'cannot reach the controller at http://ctl:3000: connect ECONNREFUSED 127.0.0.1:3000',
    );
    expect(err.exitCode).toBe(6);
  });
});

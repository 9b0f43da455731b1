import { ClientSecretCredential } from '@azure/identity';
import { TestSim, admin, arm, computeClient, raw, startTestSim, trustCa, trustPolicy } from './support';

// Logging in to a stamp the way the Twinsite gateway and operators' tools do: endpoint
// discovery, then @azure/identity's ClientSecretCredential against the stamp's ADFS.

describe('stamp simulator: ADFS login', () => {
  let t: TestSim;
  let loginEndpoint: string;
  let audience: string;

  beforeAll(async () => {
    t = await startTestSim();
    trustCa(t.sim.caPem);
    const metadata = await arm(t.a, 'GET', '/metadata/endpoints?api-version=2015-01-01', { token: null });
    loginEndpoint = metadata.body.authentication.loginEndpoint;
    audience = metadata.body.authentication.audiences[0];
  });
  afterAll(() => t.stop());

  function credential(clientId: string, secret: string): ClientSecretCredential {
    return new ClientSecretCredential('adfs', clientId, secret, {
      authorityHost: loginEndpoint,
      disableInstanceDiscovery: true,
      additionalPolicies: [{ policy: trustPolicy(t.sim.caPem), position: 'perCall' }],
      retryOptions: { maxRetries: 0 },
    });
  }

  it('publishes an OpenID configuration that points at itself', async () => {
    const res = await raw(`${loginEndpoint}/.well-known/openid-configuration`, 'GET', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: `${t.a.url}/adfs`,
      token_endpoint: expect.stringMatching(new RegExp(`^${t.a.url}/adfs/oauth2/token`)),
      authorization_endpoint: expect.stringContaining('/adfs/oauth2/authorize'),
      jwks_uri: `${t.a.url}/adfs/discovery/keys`,
    });
    expect((await raw(res.body.jwks_uri, 'GET', { token: null })).status).toBe(200);
  });

  it('issues JWT-shaped client-credentials tokens to a form-encoded request', async () => {
    const res = await raw(`${t.a.url}/adfs/oauth2/token`, 'POST', {
      token: null,
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'app',
        client_secret: 's',
        resource: audience,
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const [header, payload, signature] = res.body.access_token.split('.');
    expect(signature).toBe('');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      aud: audience,
      appid: 'app',
    });
  });

  it('logs in with @azure/identity ClientSecretCredential (tenant adfs) and the token works on ARM', async () => {
    const before = (await admin(t.a, 'GET', '/requests')).body.lastSeq;
    const cred = credential('twinsite-gateway', 'any-secret');
    const token = await cred.getToken(`${audience}/.default`);
    expect(token.token.split('.')).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    const login = (await admin(t.a, 'GET', `/requests?since=${before}`)).body.requests as Array<{
      method: string;
      path: string;
    }>;
    expect(login.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /adfs/.well-known/openid-configuration',
        expect.stringMatching(/^POST \/adfs\/oauth2\/token\/?$/),
      ]),
    );
    const since = (await admin(t.a, 'GET', '/requests')).body.lastSeq;
    const compute = computeClient(t, t.a, { credential: cred });
    const sizes = [];
    for await (const s of compute.virtualMachineSizes.list('east')) sizes.push(s.name);
    expect(sizes).toContain('Standard_DS2_v2');
    const log = (await admin(t.a, 'GET', `/requests?since=${since}`)).body.requests as Array<{
      path: string;
      status: number;
    }>;
    expect(log.some((r) => r.path.endsWith('/vmSizes') && r.status === 200)).toBe(true);
  });

  it('refuses a wrong secret once the stamp has a client secret configured', async () => {
    await admin(t.b, 'POST', '/adfs', { clientId: 'twinsite-gateway', clientSecret: 'right' });
    const metadata = await arm(t.b, 'GET', '/metadata/endpoints?api-version=2015-01-01', { token: null });
    const b = (secret: string, clientId = 'twinsite-gateway') =>
      new ClientSecretCredential('adfs', clientId, secret, {
        authorityHost: metadata.body.authentication.loginEndpoint,
        disableInstanceDiscovery: true,
        additionalPolicies: [{ policy: trustPolicy(t.sim.caPem), position: 'perCall' }],
        retryOptions: { maxRetries: 0 },
      });
    const scope = `${metadata.body.authentication.audiences[0]}/.default`;
    await expect(b('wrong').getToken(scope)).rejects.toThrow(/invalid_client|MSIS9622/);
    await expect(b('right', 'someone-else').getToken(scope)).rejects.toThrow(/invalid_client|MSIS9607/);
    const ok = await b('right').getToken(scope);
    expect(ok.token).toBeTruthy();
    await admin(t.b, 'DELETE', '/adfs');
  });
});

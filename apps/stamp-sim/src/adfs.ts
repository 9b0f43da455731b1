import { createHash, randomUUID } from 'node:crypto';
import { ArmContext, ArmResult } from './arm-context';
import { ArmRouter } from './arm-router';
import { Stamp } from './stamp';

// The ADFS login endpoint an Azure Stack Hub stamp names in its metadata. It speaks
// enough OpenID Connect / OAuth 2 for MSAL (@azure/identity's ClientSecretCredential
// with tenant `adfs`) and ADAL-style tools: discovery, keys, client-credentials tokens.
// Tokens are JWT-shaped but unsigned; the stamp's ARM accepts any bearer token.

function issuer(stamp: Stamp): string {
  return `${stamp.url}/adfs`;
}

function openIdConfiguration(stamp: Stamp): unknown {
  const base = issuer(stamp);
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${base}/discovery/keys`,
    end_session_endpoint: `${base}/oauth2/logout`,
    userinfo_endpoint: `${base}/userinfo`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
    subject_types_supported: ['pairwise'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['aud', 'iss', 'iat', 'exp', 'sub', 'appid', 'upn'],
    access_token_issuer: base,
    microsoft_multi_refresh_token: true,
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function adfsError(status: number, error: string, description: string): ArmResult {
  return { status, body: { error, error_description: description } };
}

/** Client id and secret from the form body or an HTTP Basic header (client_secret_basic). */
function clientCredentials(ctx: ArmContext, form: Record<string, string>): { id?: string; secret?: string } {
  let id = form.client_id;
  let secret = form.client_secret;
  const auth = ctx.headers.authorization;
  if (typeof auth === 'string' && auth.toLowerCase().startsWith('basic ')) {
    const [u, p] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    id = id ?? decodeURIComponent(u ?? '');
    secret = secret ?? decodeURIComponent(p ?? '');
  }
  return { id, secret };
}

function token(ctx: ArmContext): ArmResult {
  const { stamp } = ctx;
  const form = (ctx.body ?? {}) as Record<string, string>;
  const grant = form.grant_type;
  if (!['client_credentials', 'password', 'refresh_token'].includes(grant)) {
    return adfsError(
      400,
      'unsupported_grant_type',
      `MSIS9611: The authorization server does not support the requested 'grant_type'. The authorization server only supports 'authorization_code', 'refresh_token', 'client_credentials' or 'password'.`,
    );
  }
  const client = clientCredentials(ctx, form);
  if (!client.id) {
    return adfsError(
      400,
      'invalid_request',
      "MSIS9609: The 'client_id' parameter is missing from the request.",
    );
  }
  const policy = stamp.adfs;
  if (policy.clientId && policy.clientId.toLowerCase() !== client.id.toLowerCase()) {
    return adfsError(
      401,
      'invalid_client',
      `MSIS9607: The 'client_id' parameter in the request is invalid. No registered client is found with this identifier.`,
    );
  }
  if (
    grant === 'client_credentials' &&
    policy.clientSecret !== undefined &&
    policy.clientSecret !== client.secret
  ) {
    return adfsError(
      401,
      'invalid_client',
      'MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.',
    );
  }
  const audience = (form.resource ?? form.scope?.split(' ')[0] ?? stamp.audience()).replace(
    /\/\.default$/,
    '',
  );
  const now = Math.floor(stamp.now().getTime() / 1000);
  const claims = {
    aud: audience,
    iss: issuer(stamp),
    iat: now,
    nbf: now,
    exp: now + 3600,
    appid: client.id,
    appidacr: '1',
    auth_time: now,
    sub: createHash('sha1').update(`${stamp.name}:${client.id}`).digest('hex'),
    oid: randomUUID(),
    upn: form.username,
    tid: 'adfs',
    ver: '1.0',
    scp: 'user_impersonation',
  };
  const accessToken = `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url(claims)}.`;
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 3600,
    resource: audience,
  };
  if (form.scope) body.scope = form.scope;
  if (grant !== 'client_credentials') {
    body.refresh_token = Buffer.from(randomUUID()).toString('base64url');
    body.refresh_token_expires_in = 28800;
  }
  return { status: 200, body, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } };
}

export function registerAdfsRoutes(router: ArmRouter): void {
  const open = { auth: false };
  router.arm(
    'GET',
    '/adfs/.well-known/openid-configuration',
    null,
    (ctx) => ({
      status: 200,
      body: openIdConfiguration(ctx.stamp),
    }),
    open,
  );
  router.arm('GET', '/adfs/discovery/keys', null, () => ({ status: 200, body: { keys: [] } }), open);
  router.arm('POST', '/adfs/oauth2/token', null, token, open);
  router.arm(
    'GET',
    '/adfs/oauth2/authorize',
    null,
    () =>
      adfsError(
        400,
        'unsupported_response_type',
        'MSIS9601: Interactive sign-in is not available on the simulated stamp.',
      ),
    open,
  );
}

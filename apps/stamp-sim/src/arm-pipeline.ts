import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ArmContext, ArmResult } from './arm-context';
import { ArmError } from './arm-errors';
import { ArmRouter } from './arm-router';
import { takeMatchingRule } from './faults';
import { readBody, sendJson, splitUrl } from './http-util';
import { canonicalNamespace, checkApiVersion } from './providers';
import { splitPath } from './router';
import { Stamp } from './stamp';
import { Json } from './stamp-state';

// The path every ARM call takes through a stamp: injected faults first (a down stamp
// answers nothing, a slow one answers late), then what ARM itself checks (token,
// budget, api-version, subscription), then the resource provider, then the log.

export interface ArmPipelineHooks {
  /** keeps a request unanswered (down: hang) until the fault clears or the sim stops */
  hang(req: IncomingMessage, res: ServerResponse): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const OPEN_PREFIXES = ['/adfs/', '/metadata/'];

export function parseBody(raw: Buffer, contentType: string | undefined): Json {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  if (type.includes('yaml')) return parseYaml(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.',
    );
  }
}

function authenticate(stamp: Stamp, header: string | undefined): void {
  const challenge = {
    'WWW-Authenticate': `Bearer authorization_uri="${stamp.url}/adfs", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
  };
  if (!header) {
    throw new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      undefined,
      challenge,
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) {
    throw new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      undefined,
      challenge,
    );
  }
}

function unknownRoute(segments: string[], method: string, pathMatched: boolean): ArmError {
  if (pathMatched) {
    return new ArmError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${method}'.`,
    );
  }
  const lower = segments.map((s) => s.toLowerCase());
  const p = lower.indexOf('providers');
  if (p >= 0 && segments[p + 1]) {
    const ns = canonicalNamespace(segments[p + 1]);
    if (!ns)
      return new ArmError(
        404,
        'InvalidResourceNamespace',
        `The resource namespace '${segments[p + 1]}' is invalid.`,
      );
    if (segments[p + 2]) {
      return new ArmError(
        404,
        'InvalidResourceType',
        `The resource type '${segments[p + 2]}' could not be found in the namespace '${ns}' for this Azure Stack Hub stamp.`,
      );
    }
  }
  return new ArmError(404, 'NotFound', `The requested URI '/${segments.join('/')}' does not exist.`);
}

function errorResult(error: unknown): ArmResult {
  if (error instanceof ArmError)
    return { status: error.status, body: error.toBody(), headers: error.headers };
  console.error('[stamp-sim] unexpected error', error);
  return {
    status: 500,
    body: {
      error: { code: 'InternalServerError', message: `Encountered internal server error: ${String(error)}` },
    },
  };
}

function injectedServerError(stamp: Stamp): ArmResult {
  if (Math.random() < 0.5) {
    return {
      status: 503,
      body: {
        error: {
          code: 'ServiceUnavailable',
          message: 'The server is currently unable to handle the request.',
        },
      },
      headers: { 'Retry-After': '1' },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'InternalServerError',
        message: `Encountered internal server error. Diagnostic information: timestamp '${stamp.nowIso()}', subscription id '${stamp.subscriptionId}'.`,
      },
    },
  };
}

export async function handleArmRequest(
  stamp: Stamp,
  router: ArmRouter,
  hooks: ArmPipelineHooks,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const { pathname, query } = splitUrl(req.url ?? '/');
  const apiVersion = query.get('api-version');

  if (stamp.faults.down === 'hang') {
    stamp.log.append({ method, path: pathname, apiVersion, status: null, durationMs: null, outcome: 'hung' });
    hooks.hang(req, res);
    return;
  }
  if (stamp.faults.down === 'refuse') {
    req.socket.destroy();
    return;
  }

  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch {
    req.socket.destroy();
    return;
  }
  if (stamp.faults.latencyMs > 0) await sleep(stamp.faults.latencyMs);
  stamp.operations.settle();

  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': String(req.headers['x-ms-correlation-request-id'] ?? randomUUID()),
    'Cache-Control': 'no-cache',
  };
  let drop = false;
  let result: ArmResult;
  try {
    const segments = splitPath(pathname);
    const { match, pathMatched } = router.match(method, segments);
    // ARM checks the token before it knows whether the path exists.
    const open = match
      ? !match.spec.auth
      : OPEN_PREFIXES.some((prefix) => pathname.toLowerCase().startsWith(prefix));
    if (!open) authenticate(stamp, req.headers.authorization);
    if (!open) {
      const sub = match?.params.sub ?? stamp.subscriptionId;
      const decision = stamp.throttle.take(
        sub.toLowerCase(),
        method === 'GET' || method === 'HEAD' ? 'read' : 'write',
      );
      headers['x-ms-ratelimit-remaining-subscription-reads'] = String(decision.remainingReads);
      headers['x-ms-ratelimit-remaining-subscription-writes'] = String(decision.remainingWrites);
      if (!decision.allowed) {
        throw new ArmError(
          429,
          'TooManyRequests',
          `Number of ${method === 'GET' ? 'read' : 'write'} requests for subscription '${sub}' actor '' exceeded. ` +
            `Please try again after '${decision.retryAfterSeconds}' seconds after the last request. See https://aka.ms/armthrottling for more information.`,
          undefined,
          { 'Retry-After': String(decision.retryAfterSeconds) },
        );
      }
    }
    if (stamp.faults.errorRate > 0 && Math.random() < stamp.faults.errorRate) {
      result = injectedServerError(stamp);
    } else {
      const failure = takeMatchingRule(stamp.faults.failOperation, method, pathname);
      if (failure && !failure.async) {
        throw new ArmError(
          failure.status,
          failure.code,
          failure.message ?? `The operation failed with code '${failure.code}'.`,
        );
      }
      if (!match) throw unknownRoute(segments, method, pathMatched);
      const spec = match.spec;
      const body = parseBody(raw, req.headers['content-type']);
      if (spec.scope) {
        const location = typeof body?.location === 'string' ? body.location : stamp.location;
        checkApiVersion(spec.scope, apiVersion, location);
      }
      const sub = match.params.sub;
      if (sub !== undefined && sub.toLowerCase() !== stamp.subscriptionId.toLowerCase()) {
        throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
      }
      drop = takeMatchingRule(stamp.faults.dropAfterApply, method, pathname) !== undefined;
      const ctx: ArmContext = {
        stamp,
        method,
        path: pathname,
        params: match.params,
        query,
        headers: req.headers,
        body,
        apiVersion,
        baseUrl: req.headers.host ? `https://${req.headers.host}` : stamp.url,
        asyncFailure: failure?.async ? failure : undefined,
      };
      result = spec.handler(ctx);
    }
  } catch (error) {
    result = errorResult(error);
  }

  const status = result.status;
  stamp.log.append({
    method,
    path: pathname,
    apiVersion,
    status,
    durationMs: Date.now() - started,
    ...(drop ? { outcome: 'dropped' as const } : {}),
  });
  if (drop) {
    // The call was applied; the client never learns its outcome.
    req.socket.destroy();
    return;
  }
  headers.Date = stamp.now().toUTCString();
  sendJson(res, status, method === 'HEAD' ? undefined : result.body, {
    ...headers,
    ...(result.headers ?? {}),
  });
}

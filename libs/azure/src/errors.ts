import { isRestError } from '@azure/core-rest-pipeline';
import {
  ArmOperationError,
  SiteUnreachableError,
  SiteUnreachableReason,
} from '@twinsite/core/ports/arm-gateway';

export { ArmOperationError, SiteUnreachableError };

// Node's socket-level failures: the stamp (or the path to it) is not there. These count
// towards a site's circuit breaker; anything ARM answers, even a 500, does not.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

// Certificate problems are configuration, not weather: retrying cannot fix them and they
// must not open the circuit (which would hide the real message behind "circuit open").
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const CONNECTION_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b|socket hang up/i;
const CERTIFICATE_MESSAGE =
  /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired|Hostname\/IP does not match certificate/i;

/** Raised by the resilience policy when a single attempt outlives the site's request timeout. */
export class AttemptTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(
    readonly timeoutMs: number,
    url: string,
  ) {
    super(`no answer from ${redactUrl(url)} within ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/**
 * Walks an error and its causes. Credentials wrap the socket error that made a token
 * request fail, sometimes only in the message, so both codes and messages are read.
 */
function* errorChain(error: unknown): Generator<{ code?: string; message: string }> {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (typeof current !== 'object') {
      yield { message: String(current) };
      return;
    }
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    yield {
      code: typeof e.code === 'string' ? e.code : undefined,
      message: typeof e.message === 'string' ? e.message : '',
    };
    current = e.cause;
  }
}

export function isCertificateError(error: unknown): boolean {
  for (const { code, message } of errorChain(error)) {
    if ((code && CERTIFICATE_CODES.has(code)) || CERTIFICATE_MESSAGE.test(message)) return true;
  }
  return false;
}

export function isTimeoutError(error: unknown): boolean {
  return error instanceof AttemptTimeoutError;
}

/** The stamp did not answer at all (refused, reset, unreachable, or no answer in time). */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof AttemptTimeoutError) return true;
  if (error instanceof SiteUnreachableError || isCertificateError(error)) return false;
  for (const { code, message } of errorChain(error)) {
    if ((code && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGE.test(message)) return true;
  }
  return false;
}

export function unreachableReason(error: unknown): SiteUnreachableReason {
  if (isCertificateError(error)) return 'certificate-untrusted';
  if (isTimeoutError(error)) return 'timeout';
  return 'connection';
}

export function toSiteUnreachable(siteId: string, url: string, error: unknown): SiteUnreachableError {
  if (error instanceof SiteUnreachableError) return error;
  const reason = unreachableReason(error);
  const detail = error instanceof Error ? error.message : String(error);
  const target = url ? redactUrl(url) : 'the stamp';
  const message =
    reason === 'certificate-untrusted'
      ? `site ${siteId}: the TLS certificate of ${target} is not trusted by the site's CA certificate (${detail}); ` +
        'check the caCertificate configured for this site'
      : `site ${siteId}: ${target} is unreachable (${detail})`;
  return new SiteUnreachableError(siteId, reason, message, { cause: error });
}

/** Only origin and path: query strings can carry `$skiptoken`s nobody needs in a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

// What @azure/identity throws when a login fails; MSAL's own rejections (a wrong secret)
// arrive as AuthenticationRequiredError, carrying ADFS's message but no status.
const AUTH_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
]);

// core-lro reports a failed operation as a plain Error whose message embeds ARM's code:
// "The long-running operation has failed. <code>. <message>".
const LRO_FAILED = /^The long-running operation has failed(?:\. ([^.\s]+)\. ([\s\S]*))?$/;

interface MapContext {
  siteId: string;
  resourceId?: string;
  /** status of the request that started a long-running operation, used when it ends Failed */
  lroStatus?: number;
}

/**
 * Everything an ARM call can throw, as the port's errors: SiteUnreachableError for a
 * stamp that is not there, ArmOperationError with ARM's own code for every answer that
 * is a failure. Errors that are neither (bugs) pass through unchanged.
 */
export function toGatewayError(error: unknown, context: MapContext): Error {
  if (error instanceof SiteUnreachableError || error instanceof ArmOperationError) return error;
  if (isCertificateError(error) || isConnectionFailure(error)) {
    return toSiteUnreachable(context.siteId, '', error);
  }
  if (isRestError(error)) {
    const fromBody = armErrorFromBody(error.response?.bodyAsText ?? undefined);
    const status = error.statusCode ?? error.response?.status;
    const code =
      fromBody?.code ??
      (error.code && error.code !== 'REQUEST_SEND_ERROR' ? error.code : undefined) ??
      statusCode(status);
    return new ArmOperationError(code, status, fromBody?.message ?? error.message, context.resourceId, {
      cause: error,
      siteId: context.siteId,
    });
  }
  if (error instanceof Error) {
    const lro = LRO_FAILED.exec(error.message);
    if (lro) {
      return new ArmOperationError(
        lro[1] ?? 'OperationFailed',
        context.lroStatus,
        lro[2] ?? error.message,
        context.resourceId,
        {
          cause: error,
          siteId: context.siteId,
        },
      );
    }
    if (AUTH_ERRORS.has(error.name)) {
      const status = (error as { statusCode?: number }).statusCode;
      return new ArmOperationError('AuthenticationFailed', status ?? 401, error.message, context.resourceId, {
        cause: error,
        siteId: context.siteId,
      });
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function armErrorFromBody(body: string | undefined): { code: string; message: string } | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = parsed?.error?.code;
    if (typeof code !== 'string') return undefined;
    return { code, message: typeof parsed.error?.message === 'string' ? parsed.error.message : code };
  } catch {
    return undefined;
  }
}

function statusCode(status: number | undefined): string {
  switch (status) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'AuthenticationFailed';
    case 403:
      return 'AuthorizationFailed';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 429:
      return 'TooManyRequests';
    case undefined:
      return 'Unknown';
    default:
      return status >= 500 ? 'ServerError' : `Http${status}`;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ArmOperationError && error.status === 404;
}

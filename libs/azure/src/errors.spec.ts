import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import {
  ArmOperationError,
  AttemptTimeoutError,
  isCertificateError,
  isConnectionFailure,
  SiteUnreachableError,
  toGatewayError,
  toSiteUnreachable,
} from './errors';

const ctx = {
  siteId: 'site-a',
  resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/disks/d1',
};

function restError(status: number, body: unknown): RestError {
  const request = createPipelineRequest({ url: 'https://arm.example/x' });
  return new RestError('raw message', {
    statusCode: status,
    request,
    response: { request, status, headers: createHttpHeaders(), bodyAsText: JSON.stringify(body) },
  });
}

describe('toGatewayError', () => {
  it("maps an ARM error response to ArmOperationError with ARM's code", () => {
    const mapped = toGatewayError(
      restError(400, {
        error: { code: 'NoRegisteredProviderFound', message: 'No registered resource provider found' },
      }),
      ctx,
    );
    expect(mapped).toBeInstanceOf(ArmOperationError);
    expect(mapped).toMatchObject({
      code: 'NoRegisteredProviderFound',
      status: 400,
      message: 'No registered resource provider found',
      resourceId: ctx.resourceId,
      siteId: 'site-a',
    });
  });

  it('names an error without a body by its status', () => {
    expect(toGatewayError(restError(404, ''), ctx)).toMatchObject({ code: 'NotFound', status: 404 });
  });

  it("reads the code out of core-lro's failed-operation message", () => {
    const mapped = toGatewayError(
      new Error('The long-running operation has failed. QuotaExceeded. Cores quota exceeded.'),
      { ...ctx, lroStatus: 201 },
    );
    expect(mapped).toMatchObject({ code: 'QuotaExceeded', status: 201, message: 'Cores quota exceeded.' });
  });

  it('turns socket failures into SiteUnreachableError', () => {
    const refused = new RestError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' });
    const mapped = toGatewayError(refused, ctx);
    expect(mapped).toBeInstanceOf(SiteUnreachableError);
    expect(mapped).toMatchObject({ code: 'site-unreachable', reason: 'connection', siteId: 'site-a' });
  });

  it('maps a failed login to AuthenticationFailed', () => {
    const authError = Object.assign(new Error('invalid_client'), {
      name: 'AuthenticationError',
      statusCode: 401,
    });
    expect(toGatewayError(authError, ctx)).toMatchObject({ code: 'AuthenticationFailed', status: 401 });
  });

  it('passes the port errors through untouched', () => {
    const unreachable = new SiteUnreachableError('s', 'circuit-open', 'open');
    expect(toGatewayError(unreachable, ctx)).toBe(unreachable);
  });
});

describe('classification', () => {
  it('tells certificate problems from connection failures', () => {
    const untrusted = new RestError('self-signed certificate in certificate chain', {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(isCertificateError(untrusted)).toBe(true);
    expect(isConnectionFailure(untrusted)).toBe(false);
    expect(toSiteUnreachable('s', 'https://a.example/x?y=1', untrusted)).toMatchObject({
      reason: 'certificate-untrusted',
    });
    expect(toSiteUnreachable('s', 'https://a.example/x?y=1', untrusted).message).toContain('caCertificate');
  });

  it('finds a socket error wrapped as the cause of a credential error', () => {
    const wrapped = new Error('ClientSecretCredential authentication failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNRESET' }),
    });
    expect(isConnectionFailure(wrapped)).toBe(true);
  });

  it('counts an attempt timeout as a connection failure', () => {
    const timeout = new AttemptTimeoutError(100, 'https://a.example/x');
    expect(isConnectionFailure(timeout)).toBe(true);
    expect(toSiteUnreachable('s', 'https://a.example/x', timeout).reason).toBe('timeout');
  });

  it('does not treat an ARM answer as a connection failure', () => {
    expect(
      isConnectionFailure(restError(500, { error: { code: 'InternalServerError', message: 'x' } })),
    ).toBe(false);
  });
});

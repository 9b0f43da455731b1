import { createPipelineRequest, HttpClient, Pipeline } from '@azure/core-rest-pipeline';
import { SiteEndpoints } from '@twinsite/core/ports/arm-gateway';
import { ArmOperationError } from './errors';

/**
 * Asks a stamp's ARM where to log in and for which audience. A stamp names its own
 * login endpoint (ADFS or Entra ID) and an audience of its own, neither of which can
 * be derived from the ARM URL, so this runs before any credential is built.
 */
export async function discoverEndpoints(
  siteId: string,
  armEndpoint: string,
  pipeline: Pipeline,
  httpClient: HttpClient,
): Promise<SiteEndpoints> {
  const url = `${trimSlash(armEndpoint)}/metadata/endpoints?api-version=2015-01-01`;
  const response = await pipeline.sendRequest(httpClient, createPipelineRequest({ url, method: 'GET' }));
  if (response.status !== 200) {
    throw new ArmOperationError(
      'EndpointDiscoveryFailed',
      response.status,
      `site ${siteId}: GET ${url} answered ${response.status}`,
      undefined,
      { siteId },
    );
  }
  return parseEndpoints(siteId, response.bodyAsText ?? '');
}

export function parseEndpoints(siteId: string, body: string): SiteEndpoints {
  let parsed: { authentication?: { loginEndpoint?: unknown; audiences?: unknown } };
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalid(siteId, 'not JSON');
  }
  const loginEndpoint = parsed?.authentication?.loginEndpoint;
  const audiences = parsed?.authentication?.audiences;
  if (typeof loginEndpoint !== 'string' || !loginEndpoint)
    throw invalid(siteId, 'no authentication.loginEndpoint');
  if (!Array.isArray(audiences) || typeof audiences[0] !== 'string' || !audiences[0]) {
    throw invalid(siteId, 'no authentication.audiences');
  }
  return { loginEndpoint, audience: audiences[0] };
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function invalid(siteId: string, why: string): ArmOperationError {
  return new ArmOperationError(
    'EndpointDiscoveryFailed',
    200,
    `site ${siteId}: the metadata endpoints document is unusable (${why})`,
    undefined,
    { siteId },
  );
}

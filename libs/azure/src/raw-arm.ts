import { ServiceClient } from '@azure/core-client';
import {
  createHttpPoller,
  LongRunningOperation,
  LroResponse,
  OperationState,
  SimplePollerLike,
} from '@azure/core-lro';
import { AbortSignalLike } from '@azure/abort-controller';
import { createPipelineRequest, PipelineResponse, RestError } from '@azure/core-rest-pipeline';
import { armErrorFromBody, ArmOperationError } from './errors';

// Calls the typed SDK clients have no method for: Resources (resource groups, providers,
// resources by tag) and requests by resource id of any type. They go through the same
// site pipeline, so the api-version policy picks the version from the path; the
// `api-version=` placeholder is what it fills in.

export function armUrl(baseUrl: string, pathOrUrl: string, query: Record<string, string> = {}): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  const url = new URL(`${baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`);
  url.searchParams.set('api-version', '');
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

export interface RawRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  url: string;
  body?: unknown;
  abortSignal?: AbortSignalLike;
}

export async function armSend(client: ServiceClient, request: RawRequest): Promise<PipelineResponse> {
  const pipelineRequest = createPipelineRequest({
    url: request.url,
    method: request.method,
    abortSignal: request.abortSignal,
  });
  if (request.body !== undefined) {
    pipelineRequest.body = JSON.stringify(request.body);
    pipelineRequest.headers.set('Content-Type', 'application/json; charset=utf-8');
  }
  pipelineRequest.headers.set('Accept', 'application/json');
  return client.sendRequest(pipelineRequest);
}

export function parseBody<T>(response: PipelineResponse): T | undefined {
  const text = response.bodyAsText;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function responseError(
  siteId: string,
  response: PipelineResponse,
  resourceId?: string,
): ArmOperationError {
  const arm = armErrorFromBody(response.bodyAsText ?? undefined);
  return new ArmOperationError(
    arm?.code ?? `Http${response.status}`,
    response.status,
    arm?.message ??
      `${response.request.method} ${new URL(response.request.url).pathname} answered ${response.status}`,
    resourceId,
    { siteId },
  );
}

/** GET that answers undefined for 404, the body for 200, and throws otherwise. */
export async function armGetOptional<T>(
  client: ServiceClient,
  siteId: string,
  url: string,
  resourceId?: string,
): Promise<T | undefined> {
  const response = await armSend(client, { method: 'GET', url });
  if (response.status === 404) return undefined;
  if (response.status >= 400) throw responseError(siteId, response, resourceId);
  return parseBody<T>(response);
}

/** Follows `nextLink`s; each page is one call. */
export async function armListAll<T>(client: ServiceClient, siteId: string, url: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = url;
  while (next) {
    const response = await armSend(client, { method: 'GET', url: next });
    if (response.status >= 400) throw responseError(siteId, response);
    const page = parseBody<{ value?: T[]; nextLink?: string }>(response) ?? {};
    items.push(...(page.value ?? []));
    next = page.nextLink || undefined;
  }
  return items;
}

function toLroResponse(response: PipelineResponse): LroResponse<unknown> {
  if (response.status >= 400) {
    // core-lro records errors named RestError in the operation state instead of losing them.
    throw new RestError(
      armErrorFromBody(response.bodyAsText ?? undefined)?.message ?? `status ${response.status}`,
      {
        statusCode: response.status,
        response,
        request: response.request,
        code: armErrorFromBody(response.bodyAsText ?? undefined)?.code,
      },
    );
  }
  const body = parseBody<unknown>(response);
  return {
    flatResponse: body,
    rawResponse: { statusCode: response.status, headers: response.headers.toJSON(), body },
  };
}

/**
 * A long-running request by URL, polled by core-lro exactly as the SDK polls its own
 * (Azure-AsyncOperation, Location, Retry-After), and serialisable the same way.
 */
export function beginRawLro(
  client: ServiceClient,
  request: RawRequest,
  options: { resumeFrom?: string; updateIntervalInMs?: number },
): Promise<SimplePollerLike<OperationState<unknown>, unknown>> {
  const lro: LongRunningOperation<unknown> = {
    requestMethod: request.method,
    requestPath: request.url,
    sendInitialRequest: async () => toLroResponse(await armSend(client, request)),
    sendPollRequest: async (path, pollOptions) =>
      toLroResponse(
        await armSend(client, { method: 'GET', url: path, abortSignal: pollOptions?.abortSignal }),
      ),
  };
  return createHttpPoller(lro, {
    restoreFrom: options.resumeFrom,
    intervalInMs: options.updateIntervalInMs,
    resourceLocationConfig: 'location',
  }).then(async (poller) => {
    await poller.poll();
    return poller;
  });
}

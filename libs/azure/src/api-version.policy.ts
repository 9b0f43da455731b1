import { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { ApiProfile, apiVersionFor } from '@twinsite/core/api-profile';

export const apiVersionPolicyName = 'twinsiteApiVersionPolicy';

/**
 * Rewrites `api-version` on every request to what the site's profile names for the
 * request's resource type. The SDK packages hard-code versions a stamp refuses, and
 * long-running operation and paging URLs come back from the stamp, so rewriting at the
 * pipeline is the one place that catches every request. Paths the profile has no
 * opinion on (endpoint metadata, unknown namespaces) keep their own version.
 */
export function apiVersionPolicy(profile: ApiProfile): PipelinePolicy {
  return {
    name: apiVersionPolicyName,
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      request.url = rewriteApiVersion(request.url, profile);
      return next(request);
    },
  };
}

export function rewriteApiVersion(url: string, profile: ApiProfile): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const wanted = apiVersionFor(profile, parsed.pathname);
  if (wanted === undefined || parsed.searchParams.get('api-version') === wanted) return url;
  parsed.searchParams.set('api-version', wanted);
  return parsed.toString();
}

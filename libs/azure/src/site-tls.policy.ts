import * as https from 'node:https';
import { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';

export const siteTlsPolicyName = 'twinsiteSiteTlsPolicy';

/**
 * One connection pool per site. With a CA certificate, `ca` replaces Node's trust store
 * for this agent only, so the site's enterprise CA vouches for this site and nothing
 * else, and no other site (or the public internet) is trusted through it. Global agents
 * and NODE_EXTRA_CA_CERTS would leak one site's trust to every connection.
 */
export function createSiteAgent(
  caCertificate: string | undefined,
  options: { maxSockets?: number } = {},
): https.Agent {
  const ca = caCertificate?.trim() ? caCertificate : undefined;
  return new https.Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 32,
    ...(ca ? { ca } : {}),
  });
}

/**
 * Sends every request of a site's pipelines (ARM clients, the credential's token
 * requests, endpoint discovery) through that site's agent. Per request rather than per
 * client because the credential and the discovery pipeline are not ARM clients.
 */
export function siteTlsPolicy(agent: https.Agent): PipelinePolicy {
  return {
    name: siteTlsPolicyName,
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      request.agent = agent;
      return next(request);
    },
  };
}

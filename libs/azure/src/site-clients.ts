import { createHash } from 'node:crypto';
import * as https from 'node:https';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { authorizeRequestOnClaimChallenge, ServiceClient } from '@azure/core-client';
import {
  bearerTokenAuthenticationPolicy,
  bearerTokenAuthenticationPolicyName,
  createDefaultHttpClient,
  createEmptyPipeline,
  HttpClient,
  Pipeline,
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
} from '@azure/core-rest-pipeline';
import { TokenCredential } from '@azure/identity';
import { ApiProfile, getApiProfile } from '@twinsite/core/api-profile';
import { SiteConnection, SiteEndpoints } from '@twinsite/core/ports/arm-gateway';
import { apiVersionPolicy } from './api-version.policy';
import { armScope, createSiteCredential } from './credential';
import { discoverEndpoints, trimSlash } from './endpoint-discovery';
import { ArmOperationError } from './errors';
import { ArmCallMetrics } from './metrics';
import { ResilienceOptions, SiteResilience } from './resilience';
import { createSiteAgent, siteTlsPolicy } from './site-tls.policy';

/** The SDK's own retry policy; removed so the site's resilience policy is the only one. */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';

export interface SiteClients {
  site: SiteConnection;
  profile: ApiProfile;
  endpoints: SiteEndpoints;
  credential: TokenCredential;
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  /** for Resources calls and by-id requests the typed clients have no method for */
  arm: ServiceClient;
  resilience: SiteResilience;
  /** `armEndpoint` without a trailing slash */
  baseUrl: string;
}

export interface SiteClientsOptions {
  resilience?: Partial<ResilienceOptions>;
  /** profiles beyond the built-in ones (a stamp on an older build), or overriding them by name */
  profiles?: Record<string, ApiProfile>;
  metrics: ArmCallMetrics;
  httpClient?: HttpClient;
}

interface SiteEntry {
  fingerprint: string;
  agent: https.Agent;
  resilience: SiteResilience;
  plain: Pipeline;
  clients?: Promise<SiteClients>;
}

/**
 * One set of clients per site, built once and reused: discovery, login and connection
 * pools are per site, and so are the site's circuit breaker and bulkhead, which only
 * work if every call to the site goes through the same instance. A change to any of
 * the site's settings (endpoint, identity, CA, profile) builds a fresh set.
 */
export class SiteClientCache {
  private readonly entries = new Map<string, SiteEntry>();
  private readonly httpClient: HttpClient;

  constructor(private readonly options: SiteClientsOptions) {
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
  }

  /** The site's resilience state without building clients (no I/O). */
  resilience(site: SiteConnection): SiteResilience {
    return this.entry(site).resilience;
  }

  async get(site: SiteConnection): Promise<SiteClients> {
    const entry = this.entry(site);
    if (!entry.clients) {
      const building = this.build(site, entry);
      entry.clients = building;
      // A failed build (stamp down, bad CA) must not be cached: the next call tries again,
      // and the site's circuit breaker decides how fast it fails meanwhile.
      building.catch(() => {
        if (entry.clients === building) entry.clients = undefined;
      });
    }
    return entry.clients;
  }

  /** Forgets a site (deleted, or its settings changed and the caller wants it rebuilt now). */
  evict(siteId: string): void {
    const entry = this.entries.get(siteId);
    if (entry) {
      entry.agent.destroy();
      this.entries.delete(siteId);
    }
  }

  dispose(): void {
    for (const siteId of [...this.entries.keys()]) this.evict(siteId);
  }

  private entry(site: SiteConnection): SiteEntry {
    const fingerprint = siteFingerprint(site);
    const existing = this.entries.get(site.siteId);
    if (existing && existing.fingerprint === fingerprint) return existing;
    if (existing) this.evict(site.siteId);
    const agent = createSiteAgent(site.caCertificate);
    const resilience = new SiteResilience(site.siteId, this.options.resilience);
    const plain = createEmptyPipeline();
    for (const { policy, options } of this.sitePolicies(site, agent, resilience))
      plain.addPolicy(policy, options);
    const entry: SiteEntry = { fingerprint, agent, resilience, plain };
    this.entries.set(site.siteId, entry);
    return entry;
  }

  /** Site policies every pipeline of the site carries, with where they go. */
  private sitePolicies(site: SiteConnection, agent: https.Agent, resilience: SiteResilience): PlacedPolicy[] {
    return [
      { policy: resilience.policy(), options: { phase: 'Retry' } },
      // After signing, right before the socket: one event per attempt, and every
      // attempt leaves through the site's own agent.
      { policy: this.options.metrics.policy(site.siteId), options: { afterPhase: 'Sign' } },
      { policy: siteTlsPolicy(agent), options: { afterPhase: 'Sign' } },
    ];
  }

  private async build(site: SiteConnection, entry: SiteEntry): Promise<SiteClients> {
    const profile = this.resolveProfile(site);
    const baseUrl = trimSlash(site.armEndpoint);
    const endpoints = await discoverEndpoints(site.siteId, baseUrl, entry.plain, this.httpClient);
    const credential = createSiteCredential(site, endpoints, [
      ...entry.resilience.tokenPolicies(),
      siteTlsPolicy(entry.agent),
      tokenTimeoutPolicy(entry.resilience.options.requestTimeoutMs),
    ]);
    const common = {
      endpoint: baseUrl,
      $host: baseUrl,
      credentialScopes: [armScope(endpoints)],
      httpClient: this.httpClient,
      retryOptions: { maxRetries: 0 },
      userAgentOptions: { userAgentPrefix: 'twinsite' },
    };
    const compute = new ComputeManagementClient(credential, site.subscriptionId, common);
    const network = new NetworkManagementClient(credential, site.subscriptionId, common);
    const arm = new ServiceClient({ ...common, credential });
    for (const client of [compute, network, arm]) {
      this.configure(client.pipeline, site, profile, { credential, scopes: common.credentialScopes }, entry);
    }
    return {
      site,
      profile,
      endpoints,
      credential,
      compute,
      network,
      arm,
      resilience: entry.resilience,
      baseUrl,
    };
  }

  private configure(
    pipeline: Pipeline,
    site: SiteConnection,
    profile: ApiProfile,
    auth: { credential: TokenCredential; scopes: string[] },
    entry: SiteEntry,
  ): void {
    installSitePolicies(pipeline, profile, auth, this.sitePolicies(site, entry.agent, entry.resilience));
  }

  private resolveProfile(site: SiteConnection): ApiProfile {
    const custom = this.options.profiles?.[site.apiProfile];
    const profile = custom ?? getApiProfile(site.apiProfile);
    if (!profile) {
      throw new ArmOperationError(
        'UnknownApiProfile',
        undefined,
        `site ${site.siteId}: unknown API profile '${site.apiProfile}'`,
        undefined,
        { siteId: site.siteId },
      );
    }
    return profile;
  }
}

type PlacedPolicy = { policy: PipelinePolicy; options: { phase?: 'Retry'; afterPhase?: 'Sign' | 'Retry' } };

/**
 * Turns an SDK client's pipeline into a site pipeline: the SDK's retry policy out (the
 * site's resilience policy takes its place in the Retry phase, so retries never
 * multiply), the profile's api-version rewrite in before anything is sent.
 */
export function installSitePolicies(
  pipeline: Pipeline,
  profile: ApiProfile,
  auth: { credential: TokenCredential; scopes: string[] },
  policies: PlacedPolicy[],
): void {
  pipeline.removePolicy({ name: SDK_RETRY_POLICY });
  // The SDK places token acquisition before its retry policy, where a login that cannot
  // reach the stamp escapes the circuit breaker and the attempt timeout. In the Sign
  // phase it runs inside the site's resilience policy like the call it authorises.
  pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential: auth.credential,
      scopes: auth.scopes,
      challengeCallbacks: { authorizeRequestOnChallenge: authorizeRequestOnClaimChallenge },
    }),
    { phase: 'Sign' },
  );
  pipeline.addPolicy(apiVersionPolicy(profile));
  for (const { policy, options } of policies) pipeline.addPolicy(policy, options);
}

/** Everything that, when changed, makes a site's clients stale. */
export function siteFingerprint(site: SiteConnection): string {
  const material = JSON.stringify([
    site.armEndpoint,
    site.subscriptionId,
    site.tenantId,
    site.clientId,
    site.clientSecret,
    site.caCertificate ?? '',
    site.apiProfile,
    site.location,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/**
 * Token requests run inside the ARM call's attempt (the bearer policy fetches them),
 * but a token request that hangs would still hold its socket; this lets the HTTP client
 * close it on its own.
 */
function tokenTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'twinsiteTokenTimeoutPolicy',
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  };
}

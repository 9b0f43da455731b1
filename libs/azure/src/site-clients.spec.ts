import { ComputeManagementClient } from '@azure/arm-compute';
import { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicyName,
  createHttpHeaders,
  HttpClient,
  PipelineRequest,
} from '@azure/core-rest-pipeline';
import { API_PROFILES } from '@twinsite/core/api-profile';
import { SiteConnection } from '@twinsite/core/ports/arm-gateway';
import { apiVersionPolicyName } from './api-version.policy';
import { ArmCallMetrics } from './metrics';
import { SiteResilience } from './resilience';
import { installSitePolicies, siteFingerprint } from './site-clients';
import { createSiteAgent, siteTlsPolicy, siteTlsPolicyName } from './site-tls.policy';

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const site: SiteConnection = {
  siteId: 's1',
  armEndpoint: 'https://arm.example',
  subscriptionId: '11111111-1111-1111-1111-111111111111',
  tenantId: 'adfs',
  clientId: 'c',
  clientSecret: 'x',
  apiProfile: '2020-09-01-hybrid',
  location: 'east',
};

describe('site pipeline', () => {
  it('replaces the SDK retry with the site policies, in the order they must run', async () => {
    const sent: PipelineRequest[] = [];
    const httpClient: HttpClient = {
      sendRequest: async (request) => {
        sent.push(request);
        return {
          request,
          status: 200,
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          bodyAsText: '{"value":[]}',
        };
      },
    };
    const client = new ComputeManagementClient(credential, site.subscriptionId, {
      endpoint: site.armEndpoint,
      $host: site.armEndpoint,
      credentialScopes: ['https://aud/.default'],
      httpClient,
    });
    const agent = createSiteAgent('-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----');
    const metrics = new ArmCallMetrics();
    installSitePolicies(
      client.pipeline,
      API_PROFILES['2020-09-01-hybrid'],
      { credential, scopes: ['https://aud/.default'] },
      [
        { policy: new SiteResilience('s1').policy(), options: { phase: 'Retry' } },
        { policy: metrics.policy('s1'), options: { afterPhase: 'Sign' } },
        { policy: siteTlsPolicy(agent), options: { afterPhase: 'Sign' } },
      ],
    );

    const names = client.pipeline.getOrderedPolicies().map((p) => p.name);
    expect(names.filter((n) => /retry/i.test(n))).toEqual([]);
    const at = (name: string) => names.indexOf(name);
    expect(at(apiVersionPolicyName)).toBeGreaterThanOrEqual(0);
    expect(at(apiVersionPolicyName)).toBeLessThan(at('twinsiteSiteResiliencePolicy'));
    expect(at('twinsiteSiteResiliencePolicy')).toBeLessThan(at(bearerTokenAuthenticationPolicyName));
    expect(at(bearerTokenAuthenticationPolicyName)).toBeLessThan(at('twinsiteArmCallMetricsPolicy'));
    expect(at(bearerTokenAuthenticationPolicyName)).toBeLessThan(at(siteTlsPolicyName));

    for await (const _ of client.virtualMachineSizes.list('east')) void _;
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0].url).searchParams.get('api-version')).toBe('2020-06-01');
    expect(sent[0].agent).toBe(agent);
    expect(sent[0].headers.get('authorization')).toBe('Bearer t');
    expect(metrics.callCount).toBe(1);
    agent.destroy();
  });

  it('changes fingerprint with every setting that makes clients stale', () => {
    const base = siteFingerprint(site);
    expect(siteFingerprint({ ...site })).toBe(base);
    for (const change of [
      { armEndpoint: 'https://other' },
      { clientSecret: 'y' },
      { caCertificate: 'pem' },
      { apiProfile: '2019-03-01-hybrid' },
      { tenantId: 't' },
    ]) {
      expect(siteFingerprint({ ...site, ...change })).not.toBe(base);
    }
  });
});

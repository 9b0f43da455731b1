import type { SiteEntity } from '../site.entity';

/** The client secret never leaves the service: the response says only that one is set. */
export function toSiteResponse(site: SiteEntity) {
  return {
    id: site.id,
    name: site.name,
    armEndpoint: site.armEndpoint,
    location: site.location,
    subscriptionId: site.subscriptionId,
    tenantId: site.tenantId,
    clientId: site.clientId,
    clientSecretSet: !!site.clientSecretSealed,
    caCertificate: site.caCertificate,
    apiProfile: site.apiProfile,
    version: site.version,
    createdAt: site.createdAt,
    updatedAt: site.updatedAt,
  };
}

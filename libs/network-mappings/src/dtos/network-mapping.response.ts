import type { NetworkMappingEntity } from '../network-mapping.entity';

export function toNetworkMappingResponse(m: NetworkMappingEntity) {
  return {
    id: m.id,
    name: m.name,
    sourceSiteId: m.sourceSiteId,
    targetSiteId: m.targetSiteId,
    sourceSubnetId: m.sourceSubnetId,
    targetSubnetId: m.targetSubnetId,
    testSubnetId: m.testSubnetId,
    staticIps: m.staticIps,
    ipMode: m.ipMode,
    nsgs: m.nsgs,
    loadBalancers: m.loadBalancers,
    publicIp: m.publicIp,
    version: m.version,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

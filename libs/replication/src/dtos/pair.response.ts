import { lagSourceView } from '../lag-source';
import type { PairEntity } from '../pair.entity';

/** The database URLs never leave the service: the response says only that they are set. */
export function toPairResponse(pair: PairEntity) {
  return {
    id: pair.id,
    applicationId: pair.applicationId,
    sourceSiteId: pair.sourceSiteId,
    targetSiteId: pair.targetSiteId,
    sourceResourceId: pair.sourceResourceId,
    name: pair.name,
    target: pair.target,
    sampleIntervalSeconds: pair.sampleIntervalSeconds,
    lagSource: lagSourceView(pair.lagSourceKind, pair.lagSourceSettings, !!pair.lagSourceSecretsSealed),
    state: pair.state,
    lagSeconds: pair.lagSeconds,
    lastRecoveryPointAt: pair.lastRecoveryPointAt,
    version: pair.version,
    createdAt: pair.createdAt,
    updatedAt: pair.updatedAt,
  };
}

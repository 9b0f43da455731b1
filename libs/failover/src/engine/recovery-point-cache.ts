import { Inject, Injectable } from '@nestjs/common';
import { ARM_GATEWAY, ArmGateway, ArmOperationError, RecoveryPoint, SiteConnection } from '@twinsite/core';

interface Entry {
  at: number;
  points: Promise<RecoveryPoint[]>;
}

/**
 * The recovery points at a site, shared by the steps of every run on this instance
 * for a moment: a group of ten VMs choosing their points costs one ARM list, not ten.
 */
@Injectable()
export class RecoveryPointCache {
  private readonly entries = new Map<string, Entry>();

  constructor(@Inject(ARM_GATEWAY) private readonly gateway: ArmGateway) {}

  list(site: SiteConnection, resourceGroup: string | undefined, maxAgeMs: number): Promise<RecoveryPoint[]> {
    const key = `${site.siteId}|${resourceGroup?.toLowerCase() ?? '*'}`;
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.at <= maxAgeMs) return entry.points;
    const points = this.gateway
      .listRecoveryPoints(site, resourceGroup ? { resourceGroup } : {})
      .catch((error: unknown) => {
        this.entries.delete(key);
        // No such resource group yet: no recovery points there yet.
        if (error instanceof ArmOperationError && error.status === 404) return [];
        throw error;
      });
    this.entries.set(key, { at: Date.now(), points });
    return points;
  }
}

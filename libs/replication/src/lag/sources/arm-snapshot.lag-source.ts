import { HttpException, Inject, Injectable } from '@nestjs/common';
import {
  ARM_GATEWAY,
  ArmGateway,
  normaliseArmResourceId,
  RecoveryPoint,
  SiteConnection,
  SiteUnreachableError,
} from '@twinsite/core';
import { SiteService } from '@twinsite/sites';
import type { LagCycle, LagSource, LagSourcePair, LagSourceReading } from '../lag-source.port';
import { describeError } from './heartbeat';

/** The newest complete recovery point per source resource at one site (keys lower-cased). */
export type RecoveryPointIndex = Map<string, Array<{ resourceGroup: string; recoveryPointAtMs: number }>>;

/**
 * Indexes a site's recovery-point snapshots by source resource. A recovery point is
 * one snapshot per disk with the same `recoveryPointAt`; it counts once it is
 * complete (as many disks as the most complete point of that source has), so a
 * point whose data disk is still being copied is not yet "present at the target".
 */
export function indexRecoveryPoints(points: readonly RecoveryPoint[]): RecoveryPointIndex {
  const bySource = new Map<
    string,
    Map<string, { resourceGroup: string; atMs: number; roles: Set<string> }>
  >();
  for (const point of points) {
    const atMs = Date.parse(point.recoveryPointAt);
    if (!Number.isFinite(atMs) || !point.sourceResourceId) continue;
    const source = normaliseArmResourceId(point.sourceResourceId);
    const key = `${point.resourceGroup.toLowerCase()}|${atMs}`;
    let groups = bySource.get(source);
    if (!groups) bySource.set(source, (groups = new Map()));
    let group = groups.get(key);
    if (!group)
      groups.set(key, (group = { resourceGroup: point.resourceGroup.toLowerCase(), atMs, roles: new Set() }));
    group.roles.add(point.diskRole || point.snapshotId);
  }
  const index: RecoveryPointIndex = new Map();
  for (const [source, groups] of bySource) {
    const expected = Math.max(...[...groups.values()].map((g) => g.roles.size));
    index.set(
      source,
      [...groups.values()]
        .filter((g) => g.roles.size === expected)
        .map((g) => ({ resourceGroup: g.resourceGroup, recoveryPointAtMs: g.atMs })),
    );
  }
  return index;
}

/** The pair's newest recovery point in the index, in its resource group when one is set. */
export function newestRecoveryPoint(
  index: RecoveryPointIndex,
  sourceResourceId: string,
  resourceGroup?: string,
): number | null {
  const candidates = index.get(normaliseArmResourceId(sourceResourceId));
  if (!candidates) return null;
  const rg = resourceGroup?.toLowerCase();
  let newest: number | null = null;
  for (const c of candidates) {
    if (rg && c.resourceGroup !== rg) continue;
    if (newest === null || c.recoveryPointAtMs > newest) newest = c.recoveryPointAtMs;
  }
  return newest;
}

type SiteListing = { ok: true; index: RecoveryPointIndex } | { ok: false; error: unknown };

/**
 * `arm-snapshot`: the newest recovery-point snapshot of the pair's source resource
 * at the TARGET site, read through the ARM gateway. One list of the target
 * subscription's snapshots per site per cycle (shared by every batch of the cycle),
 * never one GET per pair; matched on the `twinsite-source-resource` tag,
 * case-insensitively.
 */
@Injectable()
export class ArmSnapshotLagSource implements LagSource {
  readonly kind = 'arm-snapshot' as const;
  private listings = new Map<string, Promise<SiteListing>>();
  private listingsCycle = -1;

  constructor(
    @Inject(ARM_GATEWAY) private readonly gateway: ArmGateway,
    private readonly sites: SiteService,
  ) {}

  async read(pairs: readonly LagSourcePair[], cycle: LagCycle): Promise<Map<string, LagSourceReading>> {
    if (cycle.id !== this.listingsCycle) {
      this.listings = new Map();
      this.listingsCycle = cycle.id;
    }
    const siteIds = [...new Set(pairs.map((p) => p.targetSiteId))];
    const listings = new Map<string, SiteListing>();
    await Promise.all(siteIds.map(async (siteId) => listings.set(siteId, await this.listing(siteId))));
    const results = new Map<string, LagSourceReading>();
    for (const pair of pairs) {
      const listing = listings.get(pair.targetSiteId)!;
      if (!listing.ok) {
        const unreachable = listing.error instanceof SiteUnreachableError;
        results.set(pair.id, {
          ok: false,
          code: unreachable
            ? 'site-unreachable'
            : ((listing.error as { code?: string })?.code ?? 'arm-error'),
          siteId: pair.targetSiteId,
          error: `target site: ${describeError(listing.error)}`,
        });
        continue;
      }
      const resourceGroup =
        typeof pair.settings.resourceGroup === 'string' ? pair.settings.resourceGroup : undefined;
      const newest = newestRecoveryPoint(listing.index, pair.sourceResourceId, resourceGroup);
      results.set(
        pair.id,
        newest === null
          ? {
              ok: false,
              code: 'no-recovery-point',
              siteId: pair.targetSiteId,
              error: `no recovery-point snapshot of ${pair.sourceResourceId} at the target site${resourceGroup ? ` in resource group ${resourceGroup}` : ''}`,
            }
          : { ok: true, recoveryPointAt: newest },
      );
    }
    return results;
  }

  private listing(siteId: string): Promise<SiteListing> {
    let listing = this.listings.get(siteId);
    if (!listing) {
      listing = (async (): Promise<SiteListing> => {
        let site: SiteConnection;
        try {
          site = await this.sites.connection(siteId);
        } catch (error) {
          // A site that no longer exists is this pair's problem; our own database failing is ours (thrown).
          if (error instanceof HttpException) return { ok: false, error };
          throw error;
        }
        try {
          return { ok: true, index: indexRecoveryPoints(await this.gateway.listRecoveryPoints(site)) };
        } catch (error) {
          return { ok: false, error };
        }
      })();
      listing.catch(() => this.listings.delete(siteId));
      this.listings.set(siteId, listing);
    }
    return listing;
  }
}

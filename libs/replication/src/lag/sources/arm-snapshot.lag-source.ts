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

/** One recovery point of a source as the listing is read: the disks seen of it so far. */
interface ListedPoint {
  resourceGroup: string;
  recoveryPointAtMs: number;
  disks: string[];
}

/**
 * Indexes a site's recovery-point snapshots by source resource. A recovery point is
 * one snapshot per disk with the same `recoveryPointAt`; it counts once it is
 * complete (as many disks as the most complete point of that source has), so a
 * point whose data disk is still being copied is not yet "present at the target".
 *
 * Runs once per target site per cycle over the whole listing (thousands of
 * snapshots), so it allocates little: one Map, an array per source (not a Map and a
 * Set per source, then a second Map), and the points are kept as they were gathered
 * unless some of them are incomplete. A source has few points and a point few disks,
 * and a listing tends to give a point's disks together: the search starts at the newest.
 */
export function indexRecoveryPoints(points: readonly RecoveryPoint[]): RecoveryPointIndex {
  const bySource = new Map<string, ListedPoint[]>();
  for (const point of points) {
    const atMs = Date.parse(point.recoveryPointAt);
    if (!Number.isFinite(atMs) || !point.sourceResourceId) continue;
    const source = normaliseArmResourceId(point.sourceResourceId);
    const resourceGroup = point.resourceGroup.toLowerCase();
    const disk = point.diskRole || point.snapshotId;
    let listed = bySource.get(source);
    if (!listed) bySource.set(source, (listed = []));
    const same = findListedPoint(listed, resourceGroup, atMs);
    if (!same) listed.push({ resourceGroup, recoveryPointAtMs: atMs, disks: [disk] });
    else if (!same.disks.includes(disk)) same.disks.push(disk);
  }
  for (const [source, listed] of bySource) {
    let expected = 0;
    for (const p of listed) expected = Math.max(expected, p.disks.length);
    if (listed.some((p) => p.disks.length < expected)) {
      bySource.set(
        source,
        listed.filter((p) => p.disks.length === expected),
      );
    }
  }
  return bySource;
}

function findListedPoint(
  listed: ListedPoint[],
  resourceGroup: string,
  atMs: number,
): ListedPoint | undefined {
  for (let i = listed.length - 1; i >= 0; i--) {
    if (listed[i].recoveryPointAtMs === atMs && listed[i].resourceGroup === resourceGroup) return listed[i];
  }
  return undefined;
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

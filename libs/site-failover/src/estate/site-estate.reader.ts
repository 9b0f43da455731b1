import { Injectable } from '@nestjs/common';
import { ApplicationService } from '@twinsite/applications';
import { PlanService } from '@twinsite/plans';
import { PairService } from '@twinsite/replication';
import { SiteEntity, SiteService } from '@twinsite/sites';
import type { EstateApplication, EstatePair, EstatePlan } from '../domain/site-estate';

const PAGE = 500;

/** A pair as the batched preflight needs it (what member resolution reads). */
export interface EstatePairDetail extends EstatePair {
  sourceResourceId: string;
  target: {
    resourceGroup: string;
    vmSize?: string;
    staticIp?: string;
    name?: string;
    mode: 'from-recovery-point' | 'standby';
    standbyVmId?: string;
  };
  lagSourceKind: string;
  lagSourceSettings: Record<string, unknown>;
}

export interface SiteEstate {
  site: SiteEntity;
  applications: Map<string, EstateApplication>;
  pairs: EstatePairDetail[];
  plans: EstatePlan[];
}

/**
 * Everything a site failover or a readiness answer needs to know about the estate at
 * one site, read through the owning modules' exported services (never their tables),
 * a page of 500 at a time: a few statements for a site of any size, none per application.
 */
@Injectable()
export class SiteEstateReader {
  constructor(
    private readonly sites: SiteService,
    private readonly applications: ApplicationService,
    private readonly pairs: PairService,
    private readonly plans: PlanService,
  ) {}

  async load(siteId: string): Promise<SiteEstate> {
    const site = await this.sites.get(siteId);
    const [pairs, plans] = await Promise.all([this.pairsAt(siteId), this.plansFrom(siteId)]);
    const ids = [...new Set([...pairs.map((p) => p.applicationId), ...plans.map((p) => p.applicationId)])];
    const apps = await this.applications.findByIds(ids);
    const applications = new Map<string, EstateApplication>(
      apps.map((a) => [
        a.id,
        {
          id: a.id,
          name: a.name,
          tier: a.tier,
          protection: a.protection,
          optIn: a.optIn,
          rpoSeconds: a.rpoSeconds,
          rtoSeconds: a.rtoSeconds,
        },
      ]),
    );
    return { site, applications, pairs, plans };
  }

  private async pairsAt(sourceSiteId: string): Promise<EstatePairDetail[]> {
    const out: EstatePairDetail[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.pairs.listJson({ sourceSiteId, limit: PAGE, cursor });
      for (const json of page.items) {
        const p = JSON.parse(json);
        const { kind, credentialsSet: _credentialsSet, ...settings } = p.lagSource ?? {};
        out.push({
          id: p.id,
          applicationId: p.applicationId,
          name: p.name,
          sourceSiteId: p.sourceSiteId,
          targetSiteId: p.targetSiteId,
          lagSeconds: p.lagSeconds ?? null,
          lastRecoveryPointAt: p.lastRecoveryPointAt ?? null,
          state: p.state,
          sourceResourceId: p.sourceResourceId,
          target: { mode: 'from-recovery-point', ...p.target },
          lagSourceKind: kind,
          lagSourceSettings: settings,
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  /** Plans whose pairs have the site as their source (a plan's pairs all go one way). */
  private async plansFrom(siteId: string): Promise<EstatePlan[]> {
    const out: EstatePlan[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.plans.list({ limit: PAGE, cursor });
      for (const { plan, direction } of page.items) {
        if (direction.sourceSiteId !== siteId) continue;
        out.push({
          id: plan.id,
          name: plan.name,
          applicationId: plan.applicationId,
          sourceSiteId: direction.sourceSiteId,
          targetSiteId: direction.targetSiteId,
          pairIds: plan.groups.flatMap((g) => g.pairIds),
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
}

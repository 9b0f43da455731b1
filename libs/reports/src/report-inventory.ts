import { Injectable } from '@nestjs/common';
import { ApplicationService } from '@twinsite/applications';
import { PairService } from '@twinsite/replication';

export interface ReportApplication {
  id: string;
  name: string;
  tier: number;
  rpoSeconds: number;
}

export interface ReportPair {
  id: string;
  applicationId: string;
  name: string;
  state: string;
  lagSeconds: number | null;
  createdAt: Date;
}

const PAGE = 500;

/**
 * What the report needs of the inventory, read through the applications' and pairs'
 * exported services (never their tables). The one place to touch when their list
 * methods change.
 */
@Injectable()
export class ReportInventory {
  constructor(
    private readonly applications: ApplicationService,
    private readonly pairs: PairService,
  ) {}

  /** One application (404 when unknown), or all of them. */
  async applicationsFor(applicationId?: string): Promise<ReportApplication[]> {
    if (applicationId) return [pickApplication(await this.applications.get(applicationId))];
    const all: ReportApplication[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.applications.list({ limit: PAGE, cursor });
      all.push(...page.items.map(pickApplication));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** The pairs of one application, or all pairs. */
  async pairsFor(applicationId?: string): Promise<ReportPair[]> {
    const all: ReportPair[] = [];
    let cursor: string | undefined;
    do {
      // The pairs' lean list hands out each pair as the JSON the API sends.
      const page = await this.pairs.listJson({ applicationId, limit: PAGE, cursor });
      for (const json of page.items) {
        const pair = JSON.parse(json);
        all.push({
          id: pair.id,
          applicationId: pair.applicationId,
          name: pair.name,
          state: pair.state,
          lagSeconds: pair.lagSeconds ?? null,
          createdAt: new Date(pair.createdAt),
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }
}

function pickApplication(app: ReportApplication): ReportApplication {
  return { id: app.id, name: app.name, tier: app.tier, rpoSeconds: app.rpoSeconds };
}

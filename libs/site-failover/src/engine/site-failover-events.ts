import { Injectable, Logger } from '@nestjs/common';
import { EventsService } from '@twinsite/events';
import { entryState } from '../dtos/site-failover.response';
import type { SiteFailoverEntity, SiteFailoverPlanEntity } from '../site-failover.entity';

/**
 * Progress of site failovers on the deployment's event stream (`type: site-failover`):
 * the site failover's state and each plan's, enough for a console to redraw the queue
 * (a site with very many plans arrives as `{ id, truncated }`: refetch). Best effort.
 */
@Injectable()
export class SiteFailoverEvents {
  private readonly logger = new Logger('site-failover');

  constructor(private readonly events: EventsService) {}

  publish(
    sf: Pick<SiteFailoverEntity, 'id' | 'siteId' | 'kind' | 'state' | 'phase'>,
    entries: readonly SiteFailoverPlanEntity[],
    event = 'progress',
  ): void {
    this.publishRuns(
      sf,
      [...entries]
        .sort((a, b) => a.position - b.position)
        .map((e) => ({ planId: e.planId, runId: e.runId, state: entryState(e) })),
      event,
    );
  }

  publishRuns(
    sf: Pick<SiteFailoverEntity, 'id' | 'siteId' | 'kind' | 'state' | 'phase'>,
    runs: Array<{ planId: string; runId: string | null; state: string }>,
    event: string,
  ): void {
    const data = {
      id: sf.id,
      siteFailoverId: sf.id,
      siteId: sf.siteId,
      kind: sf.kind,
      state: sf.state,
      phase: sf.phase,
      event,
      runs,
    };
    this.events.publish({ type: 'site-failover', data }).catch((error: unknown) => {
      this.logger.warn(`could not publish a site-failover event: ${(error as Error).message}`);
    });
  }
}

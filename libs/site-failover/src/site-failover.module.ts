import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationModule } from '@twinsite/applications';
import { AuditModule } from '@twinsite/audit';
import { EventsModule } from '@twinsite/events';
import { FailoverModule } from '@twinsite/failover';
import { NetworkMappingModule } from '@twinsite/network-mappings';
import { PlanModule } from '@twinsite/plans';
import { PairModule } from '@twinsite/replication';
import { SiteModule } from '@twinsite/sites';
import { SiteFailoverActions } from './api/site-failover-actions';
import { SiteFailoverController } from './api/site-failover.controller';
import { SiteFailoverQueries } from './api/site-failover-queries';
import { SiteFailoverStarter } from './api/site-failover-starter';
import { SitePreflight } from './api/site-preflight';
import { SiteFailoverCoordinator } from './engine/site-failover-coordinator';
import { SiteFailoverEvents } from './engine/site-failover-events';
import { SiteEstateReader } from './estate/site-estate.reader';
import { BatchPreflight } from './readiness/batch-preflight';
import { DrillRecords } from './readiness/drill-records';
import { ReadinessService } from './readiness/readiness.service';
import { SiteFailoverEntity, SiteFailoverPlanEntity } from './site-failover.entity';
import { SITE_FAILOVER_OPTIONS, siteFailoverOptionsFromEnv } from './site-failover.options';

/**
 * Losing a whole stamp: site failovers (every plan of a site, in tier order, through the
 * failover engine's runs) and the site's readiness answer. The ARM gateway comes from the
 * app's global ArmGatewayModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([SiteFailoverEntity, SiteFailoverPlanEntity]),
    AuditModule,
    EventsModule,
    SiteModule,
    ApplicationModule,
    PairModule,
    NetworkMappingModule,
    PlanModule,
    FailoverModule,
  ],
  controllers: [SiteFailoverController],
  providers: [
    { provide: SITE_FAILOVER_OPTIONS, useFactory: siteFailoverOptionsFromEnv },
    SiteEstateReader,
    SitePreflight,
    SiteFailoverQueries,
    SiteFailoverEvents,
    SiteFailoverCoordinator,
    SiteFailoverStarter,
    SiteFailoverActions,
    BatchPreflight,
    DrillRecords,
    ReadinessService,
  ],
  exports: [
    SiteFailoverQueries,
    SiteFailoverStarter,
    SiteFailoverActions,
    SiteFailoverCoordinator,
    ReadinessService,
  ],
})
export class SiteFailoverModule {}

import { Module } from '@nestjs/common';
import { AlertsModule } from '@twinsite/alerts';
import { ApplicationModule } from '@twinsite/applications';
import { EventsModule } from '@twinsite/events';
import { SecretBox } from '@twinsite/shared';
import { SiteModule } from '@twinsite/sites';
import { PairModule } from '../pair.module';
import { CheckpointService } from './checkpoint.service';
import { LagController } from './lag.controller';
import { LagHistoryService } from './lag-history.service';
import { LagMetrics } from './lag.metrics';
import { LagSampler } from './lag-sampler.service';
import { LAG_SETTINGS, loadLagSettings } from './lag-settings';
import { LAG_SOURCES } from './lag-source.port';
import { AgentLagSource } from './sources/agent.lag-source';
import { ArmSnapshotLagSource } from './sources/arm-snapshot.lag-source';
import { MysqlLagSource } from './sources/mysql.lag-source';
import { PostgresLagSource } from './sources/postgres.lag-source';

/**
 * Watching the recovery point: the lag sources (one adapter per kind behind the
 * `LagSource` port), the sampler, the history (samples, rollups, compaction), agent
 * checkpoints and `GET /pairs/{id}/lag`. The ARM gateway comes from the app's global
 * `ArmGatewayModule`.
 */
@Module({
  imports: [PairModule, ApplicationModule, SiteModule, AlertsModule, EventsModule],
  controllers: [LagController],
  providers: [
    { provide: LAG_SETTINGS, useFactory: () => loadLagSettings() },
    SecretBox,
    AgentLagSource,
    PostgresLagSource,
    MysqlLagSource,
    ArmSnapshotLagSource,
    {
      provide: LAG_SOURCES,
      useFactory: (...sources: unknown[]) => sources,
      inject: [AgentLagSource, PostgresLagSource, MysqlLagSource, ArmSnapshotLagSource],
    },
    LagMetrics,
    LagSampler,
    LagHistoryService,
    CheckpointService,
  ],
  exports: [
    LagSampler,
    LagHistoryService,
    CheckpointService,
    PostgresLagSource,
    MysqlLagSource,
    ArmSnapshotLagSource,
    AgentLagSource,
  ],
})
export class LagModule {}

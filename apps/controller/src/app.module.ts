import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ApplicationModule } from '@twinsite/applications';
import { AuditModule } from '@twinsite/audit';
import { ArmGatewayModule, AzureArmGatewayOptions } from '@twinsite/azure';
import { AuthModule } from '@twinsite/auth';
import { ConfigModule, HttpMetricsMiddleware, MetricsModule, TwinsiteConfig } from '@twinsite/shared';
import { NetworkMappingModule } from '@twinsite/network-mappings';
import { PlanModule } from '@twinsite/plans';
import { PairModule } from '@twinsite/replication';
import { SiteModule } from '@twinsite/sites';
import { AlertsModule } from '@twinsite/alerts';
import { EventsModule } from '@twinsite/events';
import { ReportsModule } from '@twinsite/reports';
import { FailoverModule } from '@twinsite/failover';
import { LagModule } from '@twinsite/replication';
import { SiteFailoverModule } from '@twinsite/site-failover';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logging/logger-options';
import { DatabasePoolMetrics } from './metrics/database-pool.metrics';
import { InventoryMetrics } from './metrics/inventory.metrics';
import { MetricsController } from './metrics/metrics.controller';

export interface AppModuleOptions {
  config: TwinsiteConfig;
  databaseUrl: string;
  /** Where the JSON logs go (stdout by default; tests capture them). */
  logStream?: DestinationStream;
  /** Resilience tuning of the ARM gateway (tests shorten its timeouts). */
  armGateway?: AzureArmGatewayOptions;
}

/** The composition root: every domain module, the store, logging, health and metrics. */
@Module({})
export class AppModule implements NestModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(loggerOptions(options.config, options.logStream)),
        TypeOrmModule.forRoot(dataSourceOptions(options.databaseUrl)),
        ScheduleModule.forRoot(),
        ArmGatewayModule.forRoot(options.armGateway),
        MetricsModule,
        HealthModule,
        AuditModule,
        AuthModule,
        SiteModule,
        ApplicationModule,
        PairModule,
        NetworkMappingModule,
        PlanModule,
        EventsModule,
        AlertsModule,
        ReportsModule,
        FailoverModule,
        LagModule,
        SiteFailoverModule,
      ],
      controllers: [MetricsController],
      providers: [DatabasePoolMetrics, InventoryMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}

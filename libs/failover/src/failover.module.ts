import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationModule } from '@twinsite/applications';
import { AuditModule } from '@twinsite/audit';
import { EventsModule } from '@twinsite/events';
import { NetworkMappingModule } from '@twinsite/network-mappings';
import { PlanModule } from '@twinsite/plans';
import { PairModule } from '@twinsite/replication';
import { SecretBox } from '@twinsite/shared';
import { SiteModule } from '@twinsite/sites';
import { FailoverController } from './api/failover.controller';
import { RunActions } from './api/run-actions';
import { RunQueries } from './api/run-queries';
import { RunStarter } from './api/run-starter';
import { FailoverMetrics } from './engine/failover-metrics';
import { FailoverWorker } from './engine/failover-worker';
import { RecoveryPointCache } from './engine/recovery-point-cache';
import { RunAdvancer } from './engine/run-advancer';
import { RunEvents } from './engine/run-events';
import { StepStore } from './engine/step-store';
import { FailoverRunEntity } from './failover-run.entity';
import { FailoverStepEntity } from './failover-step.entity';
import { FAILOVER_OPTIONS, failoverOptionsFromEnv } from './failover.options';
import { PreflightService } from './preflight/preflight.service';
import { RecoveryService } from './records/recovery.service';
import { CleanupStep } from './steps/cleanup.step';
import { DatabasePromoteStep } from './steps/database-promote.step';
import { DNS_PROVIDERS } from './steps/dns/dns-provider';
import { WebhookDnsProvider } from './steps/dns/webhook-dns.provider';
import { DnsUpdateStep } from './steps/dns-update.step';
import { HealthCheckStep } from './steps/health-check.step';
import { RecoverVmStep } from './steps/recover-vm.step';
import { ManualApprovalStep, ResourceGroupStep, WaitStep } from './steps/simple.steps';
import { StartStandbyStep } from './steps/start-standby.step';
import { STEP_EXECUTORS } from './steps/step-executor';
import { StopSourceStep } from './steps/stop-source.step';
import { WebhookStep } from './steps/webhook.step';

const EXECUTORS = [
  StopSourceStep,
  ResourceGroupStep,
  RecoverVmStep,
  StartStandbyStep,
  CleanupStep,
  ManualApprovalStep,
  WaitStep,
  WebhookStep,
  DnsUpdateStep,
  DatabasePromoteStep,
  HealthCheckStep,
];

/** Failover runs: the durable step engine, its API, preflight and the recovery records. */
@Module({
  imports: [
    TypeOrmModule.forFeature([FailoverRunEntity, FailoverStepEntity]),
    AuditModule,
    SiteModule,
    ApplicationModule,
    PairModule,
    NetworkMappingModule,
    PlanModule,
    EventsModule,
  ],
  controllers: [FailoverController],
  providers: [
    { provide: FAILOVER_OPTIONS, useFactory: failoverOptionsFromEnv },
    SecretBox,
    StepStore,
    RunAdvancer,
    RunEvents,
    FailoverMetrics,
    RecoveryPointCache,
    FailoverWorker,
    PreflightService,
    RunQueries,
    RunStarter,
    RunActions,
    RecoveryService,
    WebhookDnsProvider,
    {
      provide: DNS_PROVIDERS,
      useFactory: (webhook: WebhookDnsProvider) => [webhook],
      inject: [WebhookDnsProvider],
    },
    ...EXECUTORS,
    { provide: STEP_EXECUTORS, useFactory: (...executors: unknown[]) => executors, inject: EXECUTORS },
  ],
  exports: [RunQueries, RunStarter, RunActions, FailoverWorker, RecoveryService],
})
export class FailoverModule {}

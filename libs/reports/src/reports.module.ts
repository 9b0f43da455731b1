import { Module } from '@nestjs/common';
import { ApplicationModule } from '@twinsite/applications';
import { PairModule } from '@twinsite/replication';
import { ComplianceReportService } from './compliance-report.service';
import { LAG_HISTORY_READER, SqlLagHistoryReader } from './lag-history.reader';
import { ReportInventory } from './report-inventory';
import { ReportsController } from './reports.controller';

@Module({
  imports: [ApplicationModule, PairModule],
  controllers: [ReportsController],
  providers: [
    ComplianceReportService,
    ReportInventory,
    { provide: LAG_HISTORY_READER, useClass: SqlLagHistoryReader },
  ],
  exports: [ComplianceReportService],
})
export class ReportsModule {}

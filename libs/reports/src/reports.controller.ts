import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '@twinsite/shared';
import { complianceCsv } from './compliance-csv';
import { ComplianceReportService } from './compliance-report.service';
import { ComplianceQuery } from './dtos/compliance.query';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ComplianceReportService) {}

  /** Per application and pair: share of time within RPO, worst lag, breaches, state. JSON, or CSV with `?format=csv` / `Accept: text/csv`. */
  @Get('rpo-compliance')
  @Access('read')
  @ApiProduces('application/json', 'text/csv')
  async rpoCompliance(
    @Query() query: ComplianceQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.reports.rpoCompliance({
      applicationId: query.applicationId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
    const csv = query.format === 'csv' || (query.format === undefined && prefersCsv(accept));
    if (!csv) return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="rpo-compliance_${report.from.slice(0, 10)}_${report.to.slice(0, 10)}.csv"`,
    );
    return complianceCsv(report);
  }
}

/** `Accept: text/csv` (also within a list) and not JSON ranked first. */
function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}

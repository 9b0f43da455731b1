import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '@twinsite/shared';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dtos/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Access('read')
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}

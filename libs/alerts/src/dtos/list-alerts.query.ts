import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { ALERT_KINDS } from '@twinsite/core';
import { PageQueryDto } from '@twinsite/shared';
import { ALERT_STATES } from '../alert.entity';

const list = (values: readonly string[]) =>
  new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`);

export class ListAlertsQuery extends PageQueryDto {
  @ApiPropertyOptional({
    description: `one state or a comma list: ${ALERT_STATES.join(', ')}`,
    example: 'open,acknowledged',
  })
  @IsOptional()
  @Matches(list(ALERT_STATES), {
    message: `state must be one or more of ${ALERT_STATES.join(', ')}, comma-separated`,
  })
  state?: string;

  @ApiPropertyOptional({ description: `one kind or a comma list: ${ALERT_KINDS.join(', ')}` })
  @IsOptional()
  @Matches(list(ALERT_KINDS), {
    message: `kind must be one or more of ${ALERT_KINDS.join(', ')}, comma-separated`,
  })
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  pairId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;
}

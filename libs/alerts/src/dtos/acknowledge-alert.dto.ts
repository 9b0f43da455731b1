import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class AcknowledgeAlertDto {
  @ApiPropertyOptional({ example: 'link to stamp B is down, network team on it (INC-4711)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';
import { CreateSiteDto } from './create-site.dto';

export class UpdateSiteDto extends PartialType(CreateSiteDto) {
  @ApiPropertyOptional({ description: 'the version read; a stale one gets 412 (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

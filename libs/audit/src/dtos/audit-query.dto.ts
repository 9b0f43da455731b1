import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d+$/, { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;

  @ApiPropertyOptional({ example: 'site' })
  @IsOptional()
  @IsString()
  resourceType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  resourceId?: string;

  @ApiPropertyOptional({ example: 'site.update' })
  @IsOptional()
  @IsString()
  action?: string;

  @ApiPropertyOptional({ description: 'the name of the token that made the change' })
  @IsOptional()
  @IsString()
  actor?: string;
}

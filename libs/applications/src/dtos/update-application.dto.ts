import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CreateApplicationDto, Optional } from './create-application.dto';

/** Every field optional, but none may be set to null except `description` (null clears it). */
export class UpdateApplicationDto extends PartialType(CreateApplicationDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  override description?: string;

  @ApiPropertyOptional({ description: 'the version read; a stale one gets 412 (or send If-Match)' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

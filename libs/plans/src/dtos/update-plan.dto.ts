import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CreatePlanDto, Optional } from './create-plan.dto';

/** `groups` is replaced as a whole (see sealPlanSecrets for how step secrets are kept). */
export class UpdatePlanDto extends PartialType(CreatePlanDto, { skipNullProperties: false }) {
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

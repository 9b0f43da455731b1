import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PageQueryDto } from '@twinsite/shared';
import { PROTECTION_OPTIONS, Protection } from '../application.entity';

/** Query strings carry text: `true`/`false` become booleans, anything else is left for @IsBoolean to refuse. */
export const queryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), {
    toClassOnly: true,
  });

export class ListApplicationsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  owner?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  tier?: number;

  @ApiPropertyOptional({ enum: PROTECTION_OPTIONS })
  @IsOptional()
  @IsIn(PROTECTION_OPTIONS)
  protection?: Protection;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  optIn?: boolean;
}

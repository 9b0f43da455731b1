import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PROTECTION_OPTIONS, Protection } from '../application.entity';

/** A year: longer objectives are a typing mistake, and they must fit the integer columns. */
export const MAX_OBJECTIVE_SECONDS = 365 * 86400;

/** May be left out, but not sent as null (unlike @IsOptional, which lets null through to a NOT NULL column). */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

export class CreateApplicationDto {
  @ApiProperty({ example: 'payments' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'team-payments@contoso.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  owner: string;

  @ApiProperty({ minimum: 1, maximum: 4, description: '1 is the most critical' })
  @IsInt()
  @Min(1)
  @Max(4)
  tier: number;

  @ApiProperty({ minimum: 1, example: 300, description: 'recovery point objective, in seconds' })
  @IsInt()
  @Min(1)
  @Max(MAX_OBJECTIVE_SECONDS)
  rpoSeconds: number;

  @ApiProperty({ minimum: 1, example: 3600, description: 'recovery time objective, in seconds' })
  @IsInt()
  @Min(1)
  @Max(MAX_OBJECTIVE_SECONDS)
  rtoSeconds: number;

  @ApiProperty({ enum: PROTECTION_OPTIONS })
  @IsIn(PROTECTION_OPTIONS)
  protection: Protection;

  @ApiPropertyOptional({ default: false, description: 'the application opts in to protection by Twinsite' })
  @Optional()
  @IsBoolean()
  optIn?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

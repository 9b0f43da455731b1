import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { RUN_KINDS, RunKind } from '@twinsite/core';
import { PageQueryDto } from '@twinsite/shared';
import { SITE_FAILOVER_STATES, SiteFailoverState } from '../domain/site-state';

export const MAX_PLANS_IN_FLIGHT = 50;

export class SitePreflightDto {
  @ApiProperty({ enum: RUN_KINDS })
  @IsIn(RUN_KINDS)
  kind: RunKind;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PLANS_IN_FLIGHT,
    description: 'plans failing over at once (default: the controller setting, 3)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PLANS_IN_FLIGHT)
  plansInFlight?: number;
}

export class StartSiteFailoverDto extends SitePreflightDto {
  @ApiProperty({ description: "the site's name, typed by the operator to confirm" })
  @IsString()
  @MaxLength(200)
  confirm: string;

  @ApiPropertyOptional({ description: 'go ahead despite preflight warnings (errors always block)' })
  @IsOptional()
  @IsBoolean()
  acceptWarnings?: boolean;
}

export class SiteActionDto {
  @ApiPropertyOptional({ description: 'why (kept with the site failover and in the audit log)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ListSiteFailoversQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ enum: RUN_KINDS })
  @IsOptional()
  @IsIn(RUN_KINDS)
  kind?: RunKind;

  @ApiPropertyOptional({ enum: SITE_FAILOVER_STATES })
  @IsOptional()
  @IsIn(SITE_FAILOVER_STATES)
  state?: SiteFailoverState;

  @ApiPropertyOptional({ description: 'true: only site failovers that still hold their site' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    description:
      'false: only site failovers not over for good (still working, or waiting for a cleanup, commit or retry); true: only those that are',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  ended?: boolean;
}

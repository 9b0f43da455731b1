import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PLAN_STEP_KINDS } from '@twinsite/core';

/** May be left out, but not sent as null (unlike @IsOptional, which lets null through to a NOT NULL column). */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

const STEP_SCHEMA = {
  type: 'object',
  description:
    'one of: { kind: "manual-approval", message? } | { kind: "webhook", url, timeoutSeconds? (30), retries? (2), secret? (write-only) } | ' +
    '{ kind: "database-promote", pairId } | { kind: "dns-update", provider: "webhook", url, recordName, ttlSeconds?, secret? (write-only) } | ' +
    '{ kind: "health-check", protocol: "tcp"|"http", target: "pair:<id>"|host, port, path?, timeoutSeconds? (300) } | { kind: "wait", seconds }',
  properties: { kind: { type: 'string', enum: [...PLAN_STEP_KINDS] } },
  required: ['kind'],
};

/**
 * The shape of a group; the plan rules (pairs, steps) are core's and are checked
 * by the service, so that each violation names its exact path and rule.
 */
export class PlanGroupDto {
  @ApiProperty({ example: 'databases' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'the pairs that fail over together, in parallel',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  pairIds: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: STEP_SCHEMA,
    description: 'steps run before the group fails over',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  before?: Array<Record<string, unknown>>;

  @ApiPropertyOptional({
    type: 'array',
    items: STEP_SCHEMA,
    description: 'steps run after the group failed over',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  after?: Array<Record<string, unknown>>;
}

export class CreatePlanDto {
  @ApiProperty({ example: 'payments-dr' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  applicationId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: [PlanGroupDto], description: 'in order; the pairs of a group fail over in parallel' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PlanGroupDto)
  groups: PlanGroupDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import { RUN_KINDS, RunKind } from '@twinsite/core';

/** `latest`, or an ISO 8601 time with a zone. */
export function IsRecoveryPoint(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'recovery-point',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be "latest" or an ISO 8601 time (e.g. 2025-06-01T10:00:00Z)`,
        ...options,
      },
      validator: {
        validate: (v: unknown) =>
          v === 'latest' ||
          (typeof v === 'string' &&
            /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
            !Number.isNaN(Date.parse(v))),
      },
    });
}

export class PreflightDto {
  @ApiProperty({ enum: RUN_KINDS })
  @IsIn(RUN_KINDS)
  kind: RunKind;

  @ApiPropertyOptional({
    example: 'latest',
    default: 'latest',
    description: '"latest" or an ISO time: each VM uses its newest recovery point at or before it',
  })
  @IsOptional()
  @IsRecoveryPoint()
  recoveryPoint?: string;
}

export class StartFailoverDto extends PreflightDto {
  @ApiProperty({ description: "the plan's name, typed by the operator to confirm" })
  @IsString()
  @MaxLength(200)
  confirm: string;

  @ApiPropertyOptional({ description: 'go ahead despite preflight warnings (errors always block)' })
  @IsOptional()
  @IsBoolean()
  acceptWarnings?: boolean;
}

export class RunActionDto {
  @ApiPropertyOptional({ description: 'why (kept with the run and in the audit log)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SkipStepDto {
  @ApiPropertyOptional({
    description: 'why the step may be skipped (kept with the step and in the audit log)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class FailbackDto extends RunActionDto {
  @ApiPropertyOptional({ description: 'go ahead despite preflight warnings' })
  @IsOptional()
  @IsBoolean()
  acceptWarnings?: boolean;
}

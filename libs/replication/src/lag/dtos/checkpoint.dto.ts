import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isISO8601, IsIn, IsISO8601, IsOptional, registerDecorator } from 'class-validator';

export const CHECKPOINT_CONSISTENCIES = ['crash', 'application'] as const;
export type CheckpointConsistency = (typeof CHECKPOINT_CONSISTENCIES)[number];

/** An ISO 8601 time with its zone: a time without one would be read in the controller's zone, silently. */
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

export const isZonedDateTime = (value: unknown): boolean =>
  typeof value === 'string' &&
  value.length <= 40 &&
  isISO8601(value, { strict: true, strictSeparator: true }) &&
  WITH_ZONE.test(value) &&
  Number.isFinite(Date.parse(value));

/** One rule, one message: an ISO 8601 date-time that says its zone. */
const IsZonedDateTime = () => (object: object, propertyName: string) =>
  registerDecorator({
    name: 'isZonedDateTime',
    target: object.constructor,
    propertyName,
    options: {
      message: `${propertyName} must be an ISO 8601 date-time with its zone, e.g. 2026-11-27T10:15:00Z`,
    },
    validator: { validate: isZonedDateTime },
  });

/** What an agent pushes: a recovery point now present at the target site. */
export class CheckpointDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-27T10:15:00Z',
    description: 'the consistent point in time now present at the target site',
  })
  @IsZonedDateTime()
  recoveryPointAt: string;

  @ApiProperty({ enum: CHECKPOINT_CONSISTENCIES })
  @IsIn(CHECKPOINT_CONSISTENCIES, {
    message: `consistency must be one of ${CHECKPOINT_CONSISTENCIES.join(', ')}`,
  })
  consistency: CheckpointConsistency;
}

export class LagHistoryQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 24 hours before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { ALERT_KINDS, AlertKind } from '@twinsite/core';
import { WEBHOOK_FORMATS, WebhookFormat } from '../webhook-payload';

/** May be left out, but not sent as null. */
const Optional = () => ValidateIf((_object, value) => value !== undefined);

/** Receivers inside the network are often plain HTTP; anything else (file:, javascript:) is refused. */
export const IsHttpUrl = () => (object: object, propertyName: string) =>
  registerDecorator({
    name: 'http-url',
    target: object.constructor,
    propertyName,
    options: { message: `${propertyName} must be an http:// or https:// URL` },
    validator: {
      validate(value: unknown) {
        if (typeof value !== 'string' || value.length > 2000) return false;
        try {
          const url = new URL(value);
          return (
            (url.protocol === 'http:' || url.protocol === 'https:') &&
            !!url.hostname &&
            !url.username &&
            !url.password
          );
        } catch {
          return false;
        }
      },
    },
  });

export class CreateWebhookDto {
  @ApiProperty({ example: 'ops-slack' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsHttpUrl()
  url: string;

  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS, default: 'generic' })
  @Optional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @ApiPropertyOptional({
    writeOnly: true,
    description:
      'HMAC key: every request carries X-Twinsite-Signature: sha256=<hex HMAC of the raw body>. Write-only.',
  })
  @Optional()
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  secret?: string;

  @ApiPropertyOptional({
    enum: ALERT_KINDS,
    isArray: true,
    description: 'the alert kinds to notify; empty or absent for all',
  })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ALERT_KINDS, { each: true })
  kinds?: AlertKind[];

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

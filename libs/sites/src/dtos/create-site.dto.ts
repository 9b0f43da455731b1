import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsGuid, IsHttpsUrl, IsPemCertificate, IsTenantId } from '@twinsite/shared';

export const API_PROFILE_NAMES = ['2020-09-01-hybrid', '2019-03-01-hybrid'] as const;

export class CreateSiteDto {
  @ApiProperty({ example: 'stamp-a' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'name must be lower-case letters, digits and dashes (at most 63)' })
  name: string;

  @ApiProperty({ example: 'https://management.east.contoso.local' })
  @IsHttpsUrl()
  armEndpoint: string;

  @ApiProperty({ example: 'east' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  location: string;

  @ApiProperty()
  @IsGuid()
  subscriptionId: string;

  @ApiProperty({ description: 'a GUID (Azure AD) or "adfs"' })
  @IsTenantId()
  tenantId: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  clientId: string;

  @ApiProperty({ writeOnly: true, description: 'write-only: never returned, logged or audited' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  clientSecret: string;

  @ApiPropertyOptional({ description: 'PEM of the CA that signed the stamp certificate; trusted for this site alone' })
  @IsOptional()
  @IsPemCertificate()
  caCertificate?: string;

  @ApiPropertyOptional({ enum: API_PROFILE_NAMES, default: '2020-09-01-hybrid' })
  @IsOptional()
  @IsIn(API_PROFILE_NAMES)
  apiProfile?: string;
}

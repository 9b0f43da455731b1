import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsArmId, IsIPv4 } from '@twinsite/shared';
import { IP_MODES, IpMode } from '../network-mapping.entity';

export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
export const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';
export const BACKEND_POOL_TYPE = 'Microsoft.Network/loadBalancers/backendAddressPools';

/** May be left out, but not sent as null (unlike @IsOptional, which lets null through to a NOT NULL column). */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

export class StaticIpMappingDto {
  @ApiProperty({ example: '10.1.0.4' })
  @IsIPv4()
  sourceIp: string;

  @ApiProperty({ example: '10.2.0.4' })
  @IsIPv4()
  targetIp: string;
}

export class NsgMappingDto {
  @ApiProperty()
  @IsArmId(NSG_TYPE)
  sourceNsgId: string;

  @ApiProperty()
  @IsArmId(NSG_TYPE)
  targetNsgId: string;

  @ApiPropertyOptional({ description: 'the NSG applied in test failovers (isolated network)' })
  @IsOptional()
  @IsArmId(NSG_TYPE)
  testNsgId?: string;
}

export class LoadBalancerMappingDto {
  @ApiProperty()
  @IsArmId(BACKEND_POOL_TYPE)
  sourceBackendPoolId: string;

  @ApiProperty()
  @IsArmId(BACKEND_POOL_TYPE)
  targetBackendPoolId: string;
}

export class CreateNetworkMappingDto {
  @ApiProperty({ example: 'payments-frontend' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  sourceSiteId: string;

  @ApiProperty({ format: 'uuid', description: 'must differ from sourceSiteId' })
  @IsUUID()
  targetSiteId: string;

  @ApiProperty()
  @IsArmId(SUBNET_TYPE)
  sourceSubnetId: string;

  @ApiProperty()
  @IsArmId(SUBNET_TYPE)
  targetSubnetId: string;

  @ApiProperty({ description: 'the isolated subnet test failovers use; must differ from targetSubnetId' })
  @IsArmId(SUBNET_TYPE)
  testSubnetId: string;

  @ApiPropertyOptional({ type: [StaticIpMappingDto], description: 'no target IP may be used twice' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StaticIpMappingDto)
  staticIps?: StaticIpMappingDto[];

  @ApiPropertyOptional({
    enum: IP_MODES,
    description: 'default: "map" when staticIps are given, else "dynamic"',
  })
  @Optional()
  @IsIn(IP_MODES)
  ipMode?: IpMode;

  @ApiPropertyOptional({ type: [NsgMappingDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => NsgMappingDto)
  nsgs?: NsgMappingDto[];

  @ApiPropertyOptional({ type: [LoadBalancerMappingDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LoadBalancerMappingDto)
  loadBalancers?: LoadBalancerMappingDto[];

  @ApiPropertyOptional({ default: false, description: "allocate a public IP from the target stamp's pool" })
  @Optional()
  @IsBoolean()
  publicIp?: boolean;
}

import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsArmId } from '@twinsite/shared';
import {
  AgentLagSourceDto,
  ArmSnapshotLagSourceDto,
  LAG_SOURCE_DISCRIMINATOR,
  LagSourceDto,
  LagSourceInput,
  MysqlLagSourceDto,
  PostgresLagSourceDto,
} from './lag-source.dto';
import { PairTargetDto } from './pair-target.dto';
import { Optional } from './validators';

export const MIN_SAMPLE_INTERVAL = 5;
export const MAX_SAMPLE_INTERVAL = 3600;

@ApiExtraModels(AgentLagSourceDto, ArmSnapshotLagSourceDto, PostgresLagSourceDto, MysqlLagSourceDto)
export class CreatePairDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  applicationId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  sourceSiteId: string;

  @ApiProperty({ format: 'uuid', description: 'must differ from sourceSiteId' })
  @IsUUID()
  targetSiteId: string;

  @ApiPropertyOptional({ description: 'default: the name of the source VM' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiProperty({
    example: '/subscriptions/…/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-1',
  })
  @IsArmId('Microsoft.Compute/virtualMachines')
  sourceResourceId: string;

  @ApiProperty({ type: PairTargetDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PairTargetDto)
  target: PairTargetDto;

  @ApiPropertyOptional({
    minimum: MIN_SAMPLE_INTERVAL,
    maximum: MAX_SAMPLE_INTERVAL,
    description: "default: a quarter of the application's RPO, between 5 and 60 s",
  })
  @Optional()
  @IsInt()
  @Min(MIN_SAMPLE_INTERVAL)
  @Max(MAX_SAMPLE_INTERVAL)
  sampleIntervalSeconds?: number;

  @ApiProperty({
    oneOf: [AgentLagSourceDto, ArmSnapshotLagSourceDto, PostgresLagSourceDto, MysqlLagSourceDto].map((t) => ({
      $ref: getSchemaPath(t),
    })),
    discriminator: { propertyName: 'kind' },
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => LagSourceDto, { discriminator: LAG_SOURCE_DISCRIMINATOR, keepDiscriminatorProperty: true })
  lagSource: LagSourceInput;
}

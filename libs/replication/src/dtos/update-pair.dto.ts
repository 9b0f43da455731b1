import { ApiPropertyOptional, getSchemaPath, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, Min, ValidateNested } from 'class-validator';
import { CreatePairDto } from './create-pair.dto';
import {
  AgentLagSourceDto,
  ArmSnapshotLagSourceDto,
  LAG_SOURCE_UPDATE_DISCRIMINATOR,
  LagSourceDto,
  LagSourceUpdateInput,
  MysqlLagSourceDto,
  PostgresLagSourceDto,
} from './lag-source.dto';
import { Immutable, Optional } from './validators';

const NEW_PAIR = 'create a new pair instead';

/**
 * `target` and `lagSource` are replaced as a whole. The source VM and the two sites
 * say what the pair is, so they cannot change.
 */
export class UpdatePairDto extends PartialType(
  PickType(CreatePairDto, ['applicationId', 'name', 'target', 'sampleIntervalSeconds'] as const),
  {
    skipNullProperties: false,
  },
) {
  @ApiPropertyOptional({
    oneOf: [AgentLagSourceDto, ArmSnapshotLagSourceDto, PostgresLagSourceDto, MysqlLagSourceDto].map((t) => ({
      $ref: getSchemaPath(t),
    })),
    description:
      'replaces the lag source; with the same database kind, URLs left out keep their stored values',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => LagSourceDto, {
    discriminator: LAG_SOURCE_UPDATE_DISCRIMINATOR,
    keepDiscriminatorProperty: true,
  })
  lagSource?: LagSourceUpdateInput;

  @Immutable(NEW_PAIR)
  sourceSiteId?: never;

  @Immutable(NEW_PAIR)
  targetSiteId?: never;

  @Immutable(NEW_PAIR)
  sourceResourceId?: never;

  @ApiPropertyOptional({ description: 'the version read; a stale one gets 412 (or send If-Match)' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

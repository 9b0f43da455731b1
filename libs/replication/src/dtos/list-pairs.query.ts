import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@twinsite/shared';
import { PAIR_STATES, PairState } from '../pair.entity';
import { LAG_SOURCE_KINDS, LagSourceKind } from './lag-source.dto';

export class ListPairsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sourceSiteId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  targetSiteId?: string;

  @ApiPropertyOptional({ enum: PAIR_STATES })
  @IsOptional()
  @IsIn(PAIR_STATES)
  state?: PairState;

  @ApiPropertyOptional({ enum: LAG_SOURCE_KINDS })
  @IsOptional()
  @IsIn(LAG_SOURCE_KINDS)
  lagSourceKind?: LagSourceKind;
}

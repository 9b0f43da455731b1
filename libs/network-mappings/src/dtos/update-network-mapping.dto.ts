import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { CreateNetworkMappingDto, Optional } from './create-network-mapping.dto';

/** Lists are replaced as a whole; the mapping's rules are checked again on the result. */
export class UpdateNetworkMappingDto extends PartialType(CreateNetworkMappingDto, {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ description: 'the version read; a stale one gets 412 (or send If-Match)' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { EVENT_TYPES } from '../event.types';

const TYPE = `(?:${EVENT_TYPES.join('|')})`;

export class EventsQuery {
  @ApiPropertyOptional({
    description: `comma-separated event types to receive (${EVENT_TYPES.join(', ')}); all when absent`,
    example: 'alert,run',
  })
  @IsOptional()
  @Matches(new RegExp(`^${TYPE}(?:,${TYPE})*$`), {
    message: `types must be a comma-separated list of ${EVENT_TYPES.join(', ')}`,
  })
  types?: string;

  @ApiPropertyOptional({
    description: 'the API token, for clients that cannot send headers (EventSource in a browser)',
  })
  @IsOptional()
  @IsString()
  access_token?: string;
}

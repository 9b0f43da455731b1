import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, Actor, CurrentActor, expectedVersion } from '@twinsite/shared';
import { CreateNetworkMappingDto } from './dtos/create-network-mapping.dto';
import { ListNetworkMappingsQuery } from './dtos/list-network-mappings.query';
import { toNetworkMappingResponse } from './dtos/network-mapping.response';
import { UpdateNetworkMappingDto } from './dtos/update-network-mapping.dto';
import { NetworkMappingService } from './network-mapping.service';

@ApiTags('network-mappings')
@ApiBearerAuth()
@Controller('api/v1/network-mappings')
export class NetworkMappingController {
  constructor(private readonly mappings: NetworkMappingService) {}

  @Post()
  @Access('admin')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateNetworkMappingDto) {
    return toNetworkMappingResponse(await this.mappings.create(actor, body));
  }

  @Get()
  @Access('read')
  async list(@Query() query: ListNetworkMappingsQuery) {
    const page = await this.mappings.list(query);
    return { items: page.items.map(toNetworkMappingResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toNetworkMappingResponse(await this.mappings.get(id));
  }

  @Patch(':id')
  @Access('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateNetworkMappingDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return toNetworkMappingResponse(
      await this.mappings.update(actor, id, body, expectedVersion(ifMatch, body.version)),
    );
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(204)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    await this.mappings.remove(actor, id, expectedVersion(ifMatch, undefined));
  }
}

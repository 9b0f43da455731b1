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
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Actor, CurrentActor, etagOf, expectedVersion } from '@twinsite/shared';
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
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateNetworkMappingDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const mapping = await this.mappings.create(actor, body);
    res.setHeader('ETag', etagOf(mapping.version));
    return toNetworkMappingResponse(mapping);
  }

  @Get()
  @Access('read')
  async list(@Query() query: ListNetworkMappingsQuery) {
    const page = await this.mappings.list(query);
    return { items: page.items.map(toNetworkMappingResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const mapping = await this.mappings.get(id);
    res.setHeader('ETag', etagOf(mapping.version));
    return toNetworkMappingResponse(mapping);
  }

  @Patch(':id')
  @Access('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateNetworkMappingDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const mapping = await this.mappings.update(actor, id, body, expectedVersion(ifMatch, body.version));
    res.setHeader('ETag', etagOf(mapping.version));
    return toNetworkMappingResponse(mapping);
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

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
import { Access, Actor, CurrentActor, expectedVersion } from '@twinsite/shared';
import { CreatePairDto } from './dtos/create-pair.dto';
import { ListPairsQuery } from './dtos/list-pairs.query';
import { toPairResponse } from './dtos/pair.response';
import { UpdatePairDto } from './dtos/update-pair.dto';
import { PairService } from './pair.service';

@ApiTags('pairs')
@ApiBearerAuth()
@Controller('api/v1/pairs')
export class PairController {
  constructor(private readonly pairs: PairService) {}

  @Post()
  @Access('admin')
  async create(@CurrentActor() actor: Actor, @Body() body: CreatePairDto) {
    return toPairResponse(await this.pairs.create(actor, body));
  }

  @Get()
  @Access('read')
  async list(@Query() query: ListPairsQuery, @Res() res: Response) {
    // The items come from the service already as JSON: written out as they are.
    const page = await this.pairs.listJson(query);
    res
      .type('application/json')
      .send(`{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`);
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toPairResponse(await this.pairs.get(id));
  }

  @Patch(':id')
  @Access('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePairDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return toPairResponse(await this.pairs.update(actor, id, body, expectedVersion(ifMatch, body.version)));
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(204)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    await this.pairs.remove(actor, id, expectedVersion(ifMatch, undefined));
  }

  /** The only response that carries the agent token; a new one revokes the pair's earlier ones. */
  @Post(':id/agent-token')
  @Access('admin')
  async agentToken(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const { token, value } = await this.pairs.issueAgentToken(actor, id);
    return {
      id: token.id,
      name: token.name,
      role: token.role,
      pairId: token.pairId,
      createdAt: token.createdAt,
      token: value,
    };
  }
}

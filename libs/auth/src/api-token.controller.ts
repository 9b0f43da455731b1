import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@twinsite/shared';
import { Access } from '@twinsite/shared';
import { ApiTokenService } from './api-token.service';
import { CreateTokenDto } from './dtos/create-token.dto';
import { toTokenResponse } from './dtos/token.response';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tokens')
@Access('admin')
export class ApiTokenController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Get()
  async list() {
    return { items: (await this.tokens.list()).map(toTokenResponse), nextCursor: null };
  }

  /** The only response that ever carries a token's value. */
  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateTokenDto) {
    const { token, value } = await this.tokens.issue(actor, body);
    return { ...toTokenResponse(token), token: value };
  }

  @Delete(':id')
  @HttpCode(200)
  async revoke(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return toTokenResponse(await this.tokens.revoke(actor, id));
  }

  /** Who am I: lets the console show only what the role may do. */
  @Get('self')
  @Access('read')
  self(@CurrentActor() actor: Actor) {
    return { id: actor.tokenId, name: actor.name, role: actor.role };
  }
}

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
import { CreateSiteDto } from './dtos/create-site.dto';
import { ListSitesQuery } from './dtos/list-sites.query';
import { toSiteResponse } from './dtos/site.response';
import { UpdateSiteDto } from './dtos/update-site.dto';
import { SiteArmService } from './site-arm.service';
import { SiteService } from './site.service';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/v1/sites')
export class SiteController {
  constructor(
    private readonly sites: SiteService,
    private readonly arm: SiteArmService,
  ) {}

  /** Reachability, authentication, discovered endpoints, provider versions against the profile, latency. */
  @Post(':id/probe')
  @Access('read')
  @HttpCode(200)
  probe(@Param('id', ParseUUIDPipe) id: string) {
    return this.arm.probe(id);
  }

  /** The VMs, networks, NSGs, public IPs and load balancers at the site, to build pairs and mappings from. */
  @Get(':id/inventory')
  @Access('read')
  inventory(@Param('id', ParseUUIDPipe) id: string) {
    return this.arm.inventory(id);
  }

  @Post()
  @Access('admin')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateSiteDto) {
    return toSiteResponse(await this.sites.create(actor, body));
  }

  @Get()
  @Access('read')
  async list(@Query() query: ListSitesQuery) {
    const page = await this.sites.list(query);
    return { items: page.items.map(toSiteResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toSiteResponse(await this.sites.get(id));
  }

  @Patch(':id')
  @Access('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSiteDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return toSiteResponse(await this.sites.update(actor, id, body, expectedVersion(ifMatch, body.version)));
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(204)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    await this.sites.remove(actor, id, expectedVersion(ifMatch, undefined));
  }
}

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
import { ApplicationService } from './application.service';
import { toApplicationResponse } from './dtos/application.response';
import { CreateApplicationDto } from './dtos/create-application.dto';
import { ListApplicationsQuery } from './dtos/list-applications.query';
import { UpdateApplicationDto } from './dtos/update-application.dto';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationController {
  constructor(private readonly applications: ApplicationService) {}

  @Post()
  @Access('admin')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateApplicationDto) {
    return toApplicationResponse(await this.applications.create(actor, body));
  }

  @Get()
  @Access('read')
  async list(@Query() query: ListApplicationsQuery) {
    const page = await this.applications.list(query);
    return { items: page.items.map(toApplicationResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toApplicationResponse(await this.applications.get(id));
  }

  @Patch(':id')
  @Access('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateApplicationDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return toApplicationResponse(
      await this.applications.update(actor, id, body, expectedVersion(ifMatch, body.version)),
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
    await this.applications.remove(actor, id, expectedVersion(ifMatch, undefined));
  }
}

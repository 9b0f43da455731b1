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
import { CreatePlanDto } from './dtos/create-plan.dto';
import { ListPlansQuery } from './dtos/list-plans.query';
import { toPlanResponse } from './dtos/plan.response';
import { UpdatePlanDto } from './dtos/update-plan.dto';
import { PlanService } from './plan.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/v1/plans')
export class PlanController {
  constructor(private readonly plans: PlanService) {}

  @Post()
  @Access('admin')
  async create(@CurrentActor() actor: Actor, @Body() body: CreatePlanDto) {
    const { plan, direction } = await this.plans.create(actor, body);
    return toPlanResponse(plan, direction);
  }

  @Get()
  @Access('read')
  async list(@Query() query: ListPlansQuery) {
    const page = await this.plans.list(query);
    return { items: page.items.map((r) => toPlanResponse(r.plan, r.direction)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const { plan, direction } = await this.plans.get(id);
    return toPlanResponse(plan, direction);
  }

  @Patch(':id')
  @Access('admin')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePlanDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    const { plan, direction } = await this.plans.update(
      actor,
      id,
      body,
      expectedVersion(ifMatch, body.version),
    );
    return toPlanResponse(plan, direction);
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(204)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    await this.plans.remove(actor, id, expectedVersion(ifMatch, undefined));
  }
}

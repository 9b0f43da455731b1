import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, Actor, CurrentActor } from '@twinsite/shared';
import { AlertsService } from './alerts.service';
import { AcknowledgeAlertDto } from './dtos/acknowledge-alert.dto';
import { toAlertResponse } from './dtos/alert.response';
import { ListAlertsQuery } from './dtos/list-alerts.query';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Access('read')
  async list(@Query() query: ListAlertsQuery) {
    const page = await this.alerts.list(query);
    return { items: page.items.map(toAlertResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access('read')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toAlertResponse(await this.alerts.get(id));
  }

  /** Operator and up. 409 `alert-resolved` / `alert-acknowledged` when there is nothing (more) to acknowledge. */
  @Post(':id/ack')
  @Access('operate')
  @HttpCode(200)
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AcknowledgeAlertDto,
  ) {
    return toAlertResponse(await this.alerts.acknowledge(actor, id, body.note));
  }
}

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
import { Access, Actor, CurrentActor, expectedVersion, PageQueryDto } from '@twinsite/shared';
import { CreateWebhookDto } from './dtos/create-webhook.dto';
import { ListDeliveriesQuery } from './dtos/list-deliveries.query';
import { UpdateWebhookDto } from './dtos/update-webhook.dto';
import { toDeliveryResponse, toWebhookResponse } from './dtos/webhook.response';
import { WebhooksService } from './webhooks.service';

/** Where alert notifications go. Admin only: the URLs of chat webhooks are credentials themselves. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alert-webhooks')
@Access('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto) {
    return toWebhookResponse(await this.webhooks.create(actor, body));
  }

  @Get()
  async list(@Query() query: PageQueryDto) {
    const page = await this.webhooks.list(query);
    return { items: page.items.map(toWebhookResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toWebhookResponse(await this.webhooks.get(id));
  }

  @Patch(':id')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWebhookDto,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return toWebhookResponse(
      await this.webhooks.update(actor, id, body, expectedVersion(ifMatch, body.version)),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    await this.webhooks.remove(actor, id, expectedVersion(ifMatch, undefined));
  }

  /** Every attempt: status, HTTP status, error, when the next one is due. */
  @Get(':id/deliveries')
  async deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListDeliveriesQuery) {
    const page = await this.webhooks.listDeliveries(id, query);
    return { items: page.items.map(toDeliveryResponse), nextCursor: page.nextCursor };
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Actor, CurrentActor, IdempotencyKey } from '@twinsite/shared';
import {
  ListSiteFailoversQuery,
  SiteActionDto,
  SitePreflightDto,
  StartSiteFailoverDto,
} from '../dtos/site-failover.dto';
import { ReadinessService } from '../readiness/readiness.service';
import { SiteFailoverActions } from './site-failover-actions';
import { SiteFailoverQueries } from './site-failover-queries';
import { SiteFailoverStarter } from './site-failover-starter';

@ApiTags('site-failovers')
@ApiBearerAuth()
@Controller('api/v1')
export class SiteFailoverController {
  constructor(
    private readonly starter: SiteFailoverStarter,
    private readonly actions: SiteFailoverActions,
    private readonly queries: SiteFailoverQueries,
    private readonly readiness: ReadinessService,
  ) {}

  /**
   * Fails over every protected application of the site: one run of each plan whose pairs
   * have the site as their source, in tier order, a bounded number at once. 202 with the
   * site failover (200 with the same one for a repeated Idempotency-Key).
   */
  @Post('sites/:id/failovers')
  @Access('operate')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key returns the same site failover',
  })
  async start(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) siteId: string,
    @Body() body: StartSiteFailoverDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { siteFailover, created } = await this.starter.start(actor, siteId, body, key);
    res.status(created ? 202 : 200);
    res.setHeader('Location', `/api/v1/site-failovers/${siteFailover.id}`);
    return siteFailover;
  }

  /** The combined preflight alone, as a dry run: changes nothing. */
  @Post('sites/:id/failovers/preflight')
  @Access('operate')
  @HttpCode(200)
  preflight(@Param('id', ParseUUIDPipe) siteId: string, @Body() body: SitePreflightDto) {
    return this.starter.dryRun(siteId, body.kind, body.plansInFlight);
  }

  /** Could every application at the site be failed over within its objectives today? */
  @Get('sites/:id/readiness')
  @Access('read')
  readinessOf(@Param('id', ParseUUIDPipe) siteId: string) {
    return this.readiness.forSite(siteId);
  }

  @Get('site-failovers')
  @Access('read')
  list(@Query() query: ListSiteFailoversQuery) {
    return this.queries.list(query);
  }

  @Get('site-failovers/:id')
  @Access('read')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(id);
  }

  @Post('site-failovers/:id/cancel')
  @Access('operate')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SiteActionDto) {
    return this.actions.cancel(actor, id, body.note);
  }

  @Post('site-failovers/:id/cleanup')
  @Access('operate')
  @HttpCode(200)
  cleanup(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SiteActionDto) {
    return this.actions.cleanup(actor, id, body.note);
  }

  @Post('site-failovers/:id/commit')
  @Access('operate')
  @HttpCode(200)
  commit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SiteActionDto) {
    return this.actions.commit(actor, id, body.note);
  }

  /** Every failed plan again: failed starts back in the queue, failed runs from their failed step. */
  @Post('site-failovers/:id/retry')
  @Access('operate')
  @HttpCode(200)
  retry(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SiteActionDto) {
    return this.actions.retry(actor, id, body.note);
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Actor, CurrentActor, IdempotencyKey } from '@twinsite/shared';
import {
  FailbackDto,
  PreflightDto,
  RunActionDto,
  SkipStepDto,
  StartFailoverDto,
} from '../dtos/start-failover.dto';
import { ListFailoversQuery } from '../dtos/list-failovers.query';
import { RecoveryService } from '../records/recovery.service';
import { RunActions } from './run-actions';
import { RunQueries } from './run-queries';
import { RunStarter } from './run-starter';

const KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'the same key returns the same run',
};

@ApiTags('failovers')
@ApiBearerAuth()
@Controller('api/v1')
export class FailoverController {
  constructor(
    private readonly starter: RunStarter,
    private readonly actions: RunActions,
    private readonly queries: RunQueries,
    private readonly recovery: RecoveryService,
  ) {}

  /** Starts a failover of the plan: 202 with the run (200 with the same run for a repeated Idempotency-Key). */
  @Post('plans/:id/failovers')
  @Access('operate')
  @ApiHeader(KEY_HEADER)
  async start(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) planId: string,
    @Body() body: StartFailoverDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { run } = await this.starter.start(
      actor,
      planId,
      { ...body, recoveryPoint: body.recoveryPoint ?? 'latest' },
      key,
    );
    res.status(202);
    res.setHeader('Location', `/api/v1/failovers/${run.id}`);
    return run;
  }

  /** Preflight alone, as a dry run: what would block or warn, and how each pair would come up. Changes nothing. */
  @Post('plans/:id/preflight')
  @Access('operate')
  @HttpCode(200)
  preflight(@Param('id', ParseUUIDPipe) planId: string, @Body() body: PreflightDto) {
    return this.starter.dryRun(planId, body.kind, body.recoveryPoint ?? 'latest');
  }

  @Get('failovers')
  @Access('read')
  list(@Query() query: ListFailoversQuery) {
    return this.queries.list(query);
  }

  @Get('failovers/:id')
  @Access('read')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(id);
  }

  @Post('failovers/:id/approve')
  @Access('operate')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RunActionDto) {
    return this.actions.approve(actor, id, body.note);
  }

  @Post('failovers/:id/cancel')
  @Access('operate')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RunActionDto) {
    return this.actions.cancel(actor, id, body.note);
  }

  @Post('failovers/:id/commit')
  @Access('operate')
  @HttpCode(200)
  commit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RunActionDto) {
    return this.actions.commit(actor, id, body.note);
  }

  @Post('failovers/:id/cleanup')
  @Access('operate')
  @HttpCode(200)
  cleanup(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RunActionDto) {
    return this.actions.cleanup(actor, id, body.note);
  }

  @Post('failovers/:id/reprotect')
  @Access('operate')
  @HttpCode(200)
  reprotect(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RunActionDto,
  ) {
    return this.actions.reprotect(actor, id, body.note);
  }

  /** Retries every failed step of the run (or name one: POST failovers/{id}/steps/{stepId}/retry). */
  @Post('failovers/:id/retry')
  @Access('operate')
  @HttpCode(200)
  retry(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.actions.retryRun(actor, id);
  }

  /** A planned failover back to the original site, once reprotected: 202 with the new run. */
  @Post('failovers/:id/failback')
  @Access('operate')
  @ApiHeader(KEY_HEADER)
  async failback(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: FailbackDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { run } = await this.actions.failback(actor, id, key, !!body.acceptWarnings);
    res.status(202);
    res.setHeader('Location', `/api/v1/failovers/${run.id}`);
    return run;
  }

  @Post('failovers/:id/steps/:stepId/retry')
  @Access('operate')
  @HttpCode(200)
  retryStep(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stepId', ParseUUIDPipe) stepId: string,
  ) {
    return this.actions.retryStep(actor, id, stepId);
  }

  @Post('failovers/:id/steps/:stepId/skip')
  @Access('operate')
  @HttpCode(200)
  skipStep(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stepId', ParseUUIDPipe) stepId: string,
    @Body() body: SkipStepDto,
  ) {
    return this.actions.skipStep(actor, id, stepId, body.reason);
  }

  /** MTTR over the application's runs and its drill history (test failovers) with the achieved RTO of each. */
  @Get('applications/:id/recovery')
  @Access('read')
  applicationRecovery(@Param('id', ParseUUIDPipe) id: string) {
    return this.recovery.forApplication(id);
  }
}

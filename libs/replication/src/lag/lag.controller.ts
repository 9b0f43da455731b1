import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApplicationService } from '@twinsite/applications';
import { Access, validationFailed } from '@twinsite/shared';
import { PairService } from '../pair.service';
import { CheckpointService } from './checkpoint.service';
import { CheckpointDto, LagHistoryQuery } from './dtos/checkpoint.dto';
import { LagHistoryService } from './lag-history.service';

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 800 * DAY_MS;

@ApiTags('pairs')
@ApiBearerAuth()
@Controller('api/v1/pairs')
export class LagController {
  constructor(
    private readonly checkpoints: CheckpointService,
    private readonly history: LagHistoryService,
    private readonly pairs: PairService,
    private readonly applications: ApplicationService,
  ) {}

  /**
   * An agent reports a recovery point now present at the target site. Its own pair's
   * agent token (or an operator and up) may call it. 201 when stored, 200 when that
   * checkpoint was already stored (pushes are idempotent).
   */
  @Post(':id/checkpoints')
  @Access('agent')
  async push(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CheckpointDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { checkpoint, created } = await this.checkpoints.push(id, body);
    res.status(created ? 201 : 200);
    return checkpoint;
  }

  /** Lag history over [from, to) (default: the last 24 h), at most ~500 points. */
  @Get(':id/lag')
  @Access('read')
  async lag(@Param('id', ParseUUIDPipe) id: string, @Query() query: LagHistoryQuery) {
    const nowMs = Date.now();
    const toMs = query.to ? Date.parse(query.to) : nowMs;
    const fromMs = query.from ? Date.parse(query.from) : toMs - DAY_MS;
    if (!(toMs > fromMs))
      throw validationFailed([{ field: 'from', rule: 'before-to', message: 'from must be before to' }]);
    if (toMs - fromMs > MAX_WINDOW_MS) {
      throw validationFailed([
        {
          field: 'from',
          rule: 'max-window',
          message: `the window may span at most ${MAX_WINDOW_MS / DAY_MS} days`,
        },
      ]);
    }
    const pair = await this.pairs.get(id);
    const [application] = await this.applications.findByIds([pair.applicationId]);
    const [{ resolution, points }, source] = await Promise.all([
      this.history.points(id, pair.sampleIntervalSeconds, fromMs, toMs, nowMs),
      this.history.sourceStatus(id),
    ]);
    return {
      pairId: id,
      rpoSeconds: application?.rpoSeconds ?? null,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      resolution: resolution.tier,
      bucketSeconds: resolution.bucketSeconds,
      points,
      source,
    };
  }
}

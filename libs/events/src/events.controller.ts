import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Subscription } from 'rxjs';
import { Access } from '@twinsite/shared';
import { EventsQuery } from './dtos/events.query';
import { EVENT_TYPES } from './event.types';
import { EventsService } from './events.service';
import { parseTypes } from './sse';

/** A client this far behind (bytes buffered for it) is dropped; EventSource reconnects and the client refetches. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /**
   * Server-sent events: `event:` is the type (lag, alert, run, site-failover, site),
   * `data:` its JSON. Lag events come at most once per pair every 2 s (the latest
   * wins); a `: heartbeat` comment comes every 15 s. Written by hand rather than with
   * `@Sse()`, which cannot send comments.
   */
  @Get()
  @Access('read')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: `an event stream of ${EVENT_TYPES.join(', ')} events`,
    schema: {
      type: 'string',
      example: 'event: alert\nid: <uuid>\ndata: {"event":"opened","alert":{...}}\n\n',
    },
  })
  stream(@Query() query: EventsQuery, @Req() req: Request, @Res() res: Response): void {
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    let subscription: Subscription | undefined = undefined;
    // 'close' on the response fires when the client goes away (the request's own 'close' fires once its body is read).
    res.on('close', () => subscription?.unsubscribe());
    subscription = this.events.sseStream(parseTypes(query.types)).subscribe({
      next: (frame) => {
        if (res.writableLength > MAX_BUFFERED_BYTES) {
          res.destroy();
          return;
        }
        res.write(frame);
      },
      complete: () => res.end(),
      error: () => res.end(),
    });
    if (res.destroyed) subscription.unsubscribe();
  }
}

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { etagOf } from './etag';

/**
 * Every versioned resource answers with an ETag, so a client can send it back in If-Match
 * or If-None-Match. Done once here rather than in each controller: a response body with
 * a numeric `version` is a versioned resource.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body) => {
        if (body && typeof body === 'object' && typeof (body as { version?: unknown }).version === 'number') {
          const res = context.switchToHttp().getResponse<Response>();
          if (!res.headersSent) res.setHeader('ETag', etagOf((body as { version: number }).version, body));
        }
        return body;
      }),
    );
  }
}

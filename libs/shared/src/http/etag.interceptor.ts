import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { versionedEtag } from './etag';

/**
 * Every versioned resource answers with an ETag, so a client can send it back in If-Match
 * or If-None-Match. Done once rather than in each controller: a response body with a
 * numeric `version` is a versioned resource (see `versionedEtag`).
 *
 * The controller does the same when Nest writes a handler's result (its HTTP adapter's
 * `reply`, see apps/controller/src/http/etag-express-adapter.ts) rather than with this
 * global interceptor, which would put every request, the pages of a list included,
 * through an RxJS pipeline for a header that only single resources get.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body) => {
        const tag = versionedEtag(body);
        if (tag !== null) {
          const res = context.switchToHttp().getResponse<Response>();
          if (!res.headersSent) res.setHeader('ETag', tag);
        }
        return body;
      }),
    );
  }
}

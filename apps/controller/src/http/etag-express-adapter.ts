import { ExpressAdapter } from '@nestjs/platform-express';
import { versionedEtag } from '@twinsite/shared';

/**
 * Express as Nest drives it, plus the API's ETags: every versioned resource a handler
 * returns (a body with a numeric `version`) answers with one, so that a client can send
 * it back in If-Match or If-None-Match. Nest writes every handler's result through
 * `reply` (handlers that take `@Res()` write their own responses and are left alone): one
 * place for every route, and no RxJS pipeline around each request as an interceptor would be.
 */
export class EtagExpressAdapter extends ExpressAdapter {
  override reply(response: any, body: any, statusCode?: number): any {
    const tag = versionedEtag(body);
    if (tag !== null && !response.headersSent) response.setHeader('ETag', tag);
    return super.reply(response, body, statusCode);
  }
}

import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { stdSerializers, type DestinationStream } from 'pino';
import type { TwinsiteConfig } from '@twinsite/shared';

/**
 * Structured JSON logs, one line per event, each request with an ID (the caller's
 * X-Request-Id when it sends one). Bodies are never logged and credentials are
 * redacted, so a secret sent in cannot end up in a log line.
 */
export function loggerOptions(config: TwinsiteConfig, stream?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    genReqId: (req: any, res: any) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.query.access_token',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
    // pino-http would otherwise run its full request serializer (headers, query, socket
    // address...) on every request only for `req` to pick three fields of it: this one
    // reads them from the request itself, as that serializer would have (Express sets
    // originalUrl). `res` and `err` are pino's standard ones, as pino-http's defaults are.
    wrapSerializers: false,
    serializers: {
      req: (req: any) => ({
        id: req.id,
        method: req.method,
        url: redactQuery(req.originalUrl || requestPath(req)),
      }),
      res: stdSerializers.res,
      err: stdSerializers.err,
    },
    autoLogging: {
      ignore: (req: any) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
    },
    customLogLevel: (_req: any, res: any, err: unknown) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
  return { pinoHttp: stream ? [options, stream] : options } as Params;
}

function requestPath(req: any): string | undefined {
  const path = req.path;
  return typeof path === 'string' ? path : req.url;
}

function redactQuery(url: string | undefined): string | undefined {
  return url?.replace(/access_token=[^&]+/, 'access_token=[redacted]');
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';
import { uniqueViolationField } from './unique-constraints';

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/** Maps every error, ours or the framework's, onto the one error body of the API. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request & { id?: string }>();
    const { status, body } = this.toBody(exception, request);
    if (status >= 500) {
      this.logger.error({ err: describe(exception), requestId: request.id }, body.error.message);
    }
    if (!response.headersSent) response.status(status).json(body);
  }

  private toBody(exception: unknown, request: Request & { id?: string }) {
    if (exception instanceof AppException) {
      return { status: exception.getStatus(), body: exception.getResponse() as ErrorBody };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message =
        typeof raw === 'string'
          ? raw
          : Array.isArray((raw as any).message)
            ? (raw as any).message.join('; ')
            : (raw as any).message;
      if (
        (exception as any).type === 'entity.parse.failed' ||
        (/JSON/.test(String(message)) && status === 400)
      ) {
        return errorBody(400, 'malformed-json', 'the request body is not valid JSON', null);
      }
      // Terminus answers 503 with the state of each dependency: keep it, it is the useful part.
      if (status === 503 && typeof raw === 'object' && (raw as any).details) {
        return errorBody(
          503,
          'not-ready',
          'not ready: ' + Object.keys((raw as any).error ?? {}).join(', '),
          (raw as any).details,
        );
      }
      return errorBody(status, STATUS_CODES[status] ?? 'error', String(message ?? exception.message), null);
    }
    if (isBodyParserError(exception)) {
      return errorBody(
        exception.status,
        exception.status === 413 ? 'payload-too-large' : 'malformed-json',
        exception.message,
        null,
      );
    }
    if (exception instanceof QueryFailedError) {
      const driverError = (exception as any).driverError ?? {};
      if (driverError.code === '23505') {
        const field = uniqueViolationField(driverError.constraint);
        return errorBody(400, 'validation-failed', `${field}: is already taken`, [
          { field, rule: 'unique', message: `${field} is already taken` },
        ]);
      }
      if (driverError.code === '23503') {
        return errorBody(409, 'still-referenced', 'the resource is still referenced by another resource', {
          constraint: driverError.constraint,
        });
      }
    }
    if (isDatabaseUnavailable(exception)) {
      return errorBody(503, 'database-unavailable', 'the database is unreachable; try again shortly', null);
    }
    return errorBody(500, 'internal', `internal error (request ${request.id ?? 'unknown'})`, null);
  }
}

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

function errorBody(status: number, code: string, message: string, details: unknown) {
  return { status, body: { error: { code, message, details } } };
}

function isBodyParserError(e: unknown): e is { status: number; message: string; type: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as any).type === 'string' &&
    typeof (e as any).status === 'number'
  );
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as any;
  if (!err) return false;
  if (CONNECTION_CODES.has(err.code) || CONNECTION_CODES.has(err.driverError?.code)) return true;
  const message = String(err.message ?? '');
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}

function describe(e: unknown): unknown {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return e;
}

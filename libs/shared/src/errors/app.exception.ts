import { HttpException, HttpStatus } from '@nestjs/common';

/** One broken rule on one field, as the API reports it. */
export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

/**
 * The single error type the API speaks: every error body is
 * `{ "error": { "code", "message", "details" } }` with a stable `code`.
 */
export class AppException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super({ error: { code, message, details: details ?? null } }, status);
    this.message = message;
  }
}

export const validationFailed = (violations: FieldViolation[]) =>
  new AppException(
    HttpStatus.BAD_REQUEST,
    'validation-failed',
    violations.map((v) => `${v.field}: ${v.message}`).join('; ') || 'the request is not valid',
    violations,
  );

export const notFound = (resource: string, id: string) =>
  new AppException(HttpStatus.NOT_FOUND, 'not-found', `${resource} ${id} does not exist`, { resource, id });

export const conflict = (code: string, message: string, details?: unknown) =>
  new AppException(HttpStatus.CONFLICT, code, message, details);

export const staleVersion = (resource: string, id: string, expected: number, actual: number) =>
  new AppException(
    HttpStatus.PRECONDITION_FAILED,
    'stale-version',
    `${resource} ${id} has changed since version ${expected} (it is now at version ${actual}); read it again and retry`,
    { resource, id, expectedVersion: expected, currentVersion: actual },
  );

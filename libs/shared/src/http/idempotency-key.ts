import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { validationFailed } from '../errors/app.exception';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The request's Idempotency-Key, or undefined when absent or empty; a key too long to store is a 400 naming the header. */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw validationFailed([
      {
        field: 'Idempotency-Key',
        rule: 'maxLength',
        message: `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      },
    ]);
  return raw;
}

/** `@IdempotencyKey() key: string | undefined`: the same key makes a repeated start return what the first made. */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const header = ctx.switchToHttp().getRequest().headers['idempotency-key'];
    return parseIdempotencyKey(Array.isArray(header) ? header[0] : header);
  },
);

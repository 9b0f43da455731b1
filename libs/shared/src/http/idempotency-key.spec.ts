import { AppException } from '../errors/app.exception';
import { MAX_IDEMPOTENCY_KEY_LENGTH, parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('has no key when the header is absent or empty', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('')).toBeUndefined();
  });

  it('keeps a key up to the limit as sent', () => {
    const key = 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH);
    expect(parseIdempotencyKey(key)).toBe(key);
    expect(parseIdempotencyKey(' a b ')).toBe(' a b ');
  });

  it('refuses a longer key with a 400 naming the header and the rule', () => {
    let thrown: unknown;
    try {
      parseIdempotencyKey('k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppException);
    const response = (thrown as AppException).getResponse() as any;
    expect((thrown as AppException).getStatus()).toBe(400);
    expect(JSON.stringify(response)).toContain('"field":"Idempotency-Key"');
    expect(JSON.stringify(response)).toContain('"rule":"maxLength"');
  });
});

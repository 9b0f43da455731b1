import * as crypto from 'node:crypto';
import { signBody, verifySignature } from './webhook-signature';

describe('webhook signature', () => {
  const body = '{"event":"opened","alert":{"id":"a1"}}';

  it('is sha256= and the hex HMAC of the raw body', () => {
    const expected = crypto.createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(signBody('s3cret', body)).toBe(`sha256=${expected}`);
    // A known vector, so a change of algorithm or encoding cannot pass unnoticed.
    expect(signBody('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('verifies only the same body under the same secret', () => {
    const signature = signBody('s3cret', body);
    expect(verifySignature('s3cret', body, signature)).toBe(true);
    expect(verifySignature('s3cret', Buffer.from(body), signature)).toBe(true);
    expect(verifySignature('other', body, signature)).toBe(false);
    expect(verifySignature('s3cret', body.replace('a1', 'a2'), signature)).toBe(false);
    expect(verifySignature('s3cret', body, 'sha256=00')).toBe(false);
    expect(verifySignature('s3cret', body, undefined)).toBe(false);
  });
});

import * as crypto from 'node:crypto';
import { signBody } from './signed-post';

describe('signBody', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body', () => {
    const body = '{"runId":"r1"}';
    expect(signBody('s3cret-s3cret-s3cret', body)).toBe(
      `sha256=${crypto.createHmac('sha256', 's3cret-s3cret-s3cret').update(body).digest('hex')}`,
    );
    expect(signBody('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});

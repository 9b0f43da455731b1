import * as crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Twinsite-Signature';
export const TIMESTAMP_HEADER = 'X-Twinsite-Timestamp';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as GitHub-style receivers expect. */
export function signBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** For receivers (and the tests): compares in constant time, so the signature cannot be guessed byte by byte. */
export function verifySignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined | null,
): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const actual = Buffer.from(header.trim());
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

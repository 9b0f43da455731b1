import { etagOf } from '@twinsite/shared';
import { EtagExpressAdapter } from './etag-express-adapter';

/** What `reply` leaves on a response for one body. */
function reply(body: unknown, headersSent = false) {
  const headers: Record<string, string> = {};
  const sent: unknown[] = [];
  const response = {
    headersSent,
    setHeader: (name: string, value: string) => (headers[name] = value),
    getHeader: (name: string) => headers[name],
    status: () => response,
    json: (b: unknown) => sent.push(b),
    send: (b?: unknown) => sent.push(b),
  };
  new EtagExpressAdapter().reply(response, body, 200);
  return { etag: headers.ETag, sent };
}

describe('EtagExpressAdapter', () => {
  const pair = { id: 'p1', version: 3, state: 'protected' };

  it('tags a versioned result with its version and a digest, and still sends it', () => {
    const { etag, sent } = reply(pair);
    expect(etag).toBe(etagOf(3, pair));
    expect(sent).toEqual([pair]);
  });

  it('leaves results without a numeric version, and responses already sent, untagged', () => {
    expect(reply({ items: [pair], nextCursor: null }).etag).toBeUndefined();
    expect(reply({ version: '3' }).etag).toBeUndefined();
    expect(reply(undefined).etag).toBeUndefined();
    expect(reply(pair, true).etag).toBeUndefined();
  });
});

import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { expectedVersion } from '../persistence/expected-version';
import { etagOf } from './etag';
import { EtagInterceptor } from './etag.interceptor';

/** What the interceptor sets on the response for one body. */
async function etagFor(body: unknown, headersSent = false): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  const res = { headersSent, setHeader: (name: string, value: string) => (headers[name] = value) };
  const context = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(body) };
  const returned = await lastValueFrom(new EtagInterceptor().intercept(context, next));
  expect(returned).toBe(body);
  return headers.ETag;
}

describe('EtagInterceptor', () => {
  const pair = {
    id: 'p1',
    version: 3,
    state: 'protected',
    lagSeconds: 4,
    lastRecoveryPointAt: '2026-01-01T00:00:00Z',
  };

  it('tags a versioned body with its version and a digest of the body', async () => {
    expect(await etagFor(pair)).toMatch(/^"3-[A-Za-z0-9_-]{16}"$/);
  });

  it('gives a new tag when the body changes but the version does not, so If-None-Match cannot answer a stale 304', async () => {
    const before = await etagFor(pair);
    const after = await etagFor({ ...pair, lagSeconds: 90, state: 'lagging' });
    expect(after).not.toBe(before);
    expect(after).toMatch(/^"3-/);
  });

  it('gives the same tag for the same representation, so a revalidation can still answer 304', async () => {
    expect(await etagFor({ ...pair })).toBe(await etagFor(pair));
    expect(await etagFor(pair)).toBe(etagOf(3, pair));
  });

  it('hashes dates as they are sent, as ISO strings', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(await etagFor({ version: 1, at })).toBe(await etagFor({ version: 1, at: at.toISOString() }));
  });

  it('leaves bodies without a numeric version, and responses already sent, untagged', async () => {
    expect(await etagFor({ items: [pair], nextCursor: null })).toBeUndefined();
    expect(await etagFor({ version: '3' })).toBeUndefined();
    expect(await etagFor(undefined)).toBeUndefined();
    expect(await etagFor(pair, true)).toBeUndefined();
  });

  it('issues a tag that If-Match reads back as the version, weak or strong', async () => {
    const tag = (await etagFor(pair))!;
    expect(expectedVersion(tag, undefined)).toBe(3);
    expect(expectedVersion(`W/${tag}`, undefined)).toBe(3);
  });
});

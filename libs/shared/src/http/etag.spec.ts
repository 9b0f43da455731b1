import { expectedVersion } from '../persistence/expected-version';
import { etagOf, versionedEtag } from './etag';

describe('versionedEtag', () => {
  const pair = {
    id: 'p1',
    version: 3,
    state: 'protected',
    lagSeconds: 4,
    lastRecoveryPointAt: '2026-01-01T00:00:00Z',
  };

  it('tags a versioned body with its version and a digest of the body', () => {
    expect(versionedEtag(pair)).toMatch(/^"3-[A-Za-z0-9_-]{16}"$/);
  });

  it('gives a new tag when the body changes but the version does not, so If-None-Match cannot answer a stale 304', () => {
    const before = versionedEtag(pair);
    const after = versionedEtag({ ...pair, lagSeconds: 90, state: 'lagging' });
    expect(after).not.toBe(before);
    expect(after).toMatch(/^"3-/);
  });

  it('gives the same tag for the same representation, so a revalidation can still answer 304', () => {
    expect(versionedEtag({ ...pair })).toBe(versionedEtag(pair));
    expect(versionedEtag(pair)).toBe(etagOf(3, pair));
  });

  it('hashes dates as they are sent, as ISO strings', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(versionedEtag({ version: 1, at })).toBe(versionedEtag({ version: 1, at: at.toISOString() }));
  });

  it('leaves bodies without a numeric version untagged', () => {
    expect(versionedEtag({ items: [pair], nextCursor: null })).toBeNull();
    expect(versionedEtag({ version: '3' })).toBeNull();
    expect(versionedEtag(undefined)).toBeNull();
  });

  it('issues a tag that If-Match reads back as the version, weak or strong', () => {
    const tag = versionedEtag(pair)!;
    expect(expectedVersion(tag, undefined)).toBe(3);
    expect(expectedVersion(`W/${tag}`, undefined)).toBe(3);
  });
});

import { assertVersion, expectedVersion } from './expected-version';

describe('expectedVersion', () => {
  it('reads our ETag from If-Match, weak or strong', () => {
    expect(expectedVersion('"3"', undefined)).toBe(3);
    expect(expectedVersion('W/"4"', undefined)).toBe(4);
  });
  it('reads the version from an ETag that carries a body digest, ignoring the digest', () => {
    expect(expectedVersion('"7-Ab_c-1234567890xy"', undefined)).toBe(7);
    expect(expectedVersion('W/"7-Ab_c-1234567890xy"', undefined)).toBe(7);
    expect(expectedVersion(' "12-zzzzzzzzzzzzzzzz" ', 1)).toBe(12);
  });
  it('prefers If-Match over the body, and treats * and absence as no expectation', () => {
    expect(expectedVersion('"3"', 9)).toBe(3);
    expect(expectedVersion('*', undefined)).toBeUndefined();
    expect(expectedVersion(undefined, 2)).toBe(2);
  });
  it('refuses an If-Match it cannot read, naming the header', () => {
    expect(() => expectedVersion('abc', undefined)).toThrow('If-Match');
    for (const bad of ['"3-"', '"3-abc def"', '"-abc"', '"3.5"', '"3", "4"']) {
      expect(() => expectedVersion(bad, undefined)).toThrow(
        expect.objectContaining({
          status: 400,
          response: {
            error: expect.objectContaining({
              code: 'validation-failed',
              details: [expect.objectContaining({ field: 'If-Match', rule: 'etag' })],
            }),
          },
        }),
      );
    }
  });
  it('raises 412 on a stale version', () => {
    expect(() => assertVersion('site', 'x', 1, 2)).toThrow(expect.objectContaining({ status: 412 }));
    expect(() => assertVersion('site', 'x', 2, 2)).not.toThrow();
  });
});

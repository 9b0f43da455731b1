import { staleVersion, validationFailed } from '../errors/app.exception';

/**
 * The version a client says it updates, from `If-Match: "3"` (what our ETag
 * carries) or a `version` field in the body. Neither means "last write wins".
 */
export function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  if (ifMatch !== undefined && ifMatch !== '*') {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
    if (!match) {
      throw validationFailed([{ field: 'If-Match', rule: 'etag', message: 'If-Match must be an ETag this API returned, like "3"' }]);
    }
    return Number(match[1]);
  }
  return bodyVersion;
}

export function assertVersion(resource: string, id: string, expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) throw staleVersion(resource, id, expected, actual);
}

export const etagOf = (version: number) => `"${version}"`;

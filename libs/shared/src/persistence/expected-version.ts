import { staleVersion, validationFailed } from '../errors/app.exception';
import { versionInEtag } from '../http/etag';

/**
 * The version a client says it updates, from If-Match (an ETag this API returned, whose
 * version is the concurrency token) or a `version` field in the body. Neither means
 * "last write wins".
 */
export function expectedVersion(
  ifMatch: string | undefined,
  bodyVersion: number | undefined,
): number | undefined {
  if (ifMatch !== undefined && ifMatch !== '*') {
    const version = versionInEtag(ifMatch);
    if (version === null) {
      throw validationFailed([
        {
          field: 'If-Match',
          rule: 'etag',
          message: 'If-Match must be an ETag this API returned, like "3-<digest>" or "3"',
        },
      ]);
    }
    return version;
  }
  return bodyVersion;
}

export function assertVersion(
  resource: string,
  id: string,
  expected: number | undefined,
  actual: number,
): void {
  if (expected !== undefined && expected !== actual) throw staleVersion(resource, id, expected, actual);
}

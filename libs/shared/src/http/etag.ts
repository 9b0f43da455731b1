import { createHash } from 'node:crypto';

/**
 * `"<version>-<digest of the body>"`. The version alone is the write-concurrency token,
 * but a run's steps, a pair's lag or a site failover's plan entries change without a new
 * version, and Express answers 304 when If-None-Match equals the ETag: the digest makes
 * the tag change whenever the representation does, so a revalidating client never gets
 * a stale 304.
 */
export function etagOf(version: number, body: unknown): string {
  const digest = createHash('sha1').update(JSON.stringify(body)).digest('base64url').slice(0, 16);
  return `"${version}-${digest}"`;
}

/**
 * The ETag of a response body, or null: a body with a numeric `version` is a versioned
 * resource. The controller applies it to every handler's result in its HTTP adapter
 * (apps/controller/src/http/etag-express-adapter.ts).
 */
export function versionedEtag(body: unknown): string | null {
  if (body && typeof body === 'object' && typeof (body as { version?: unknown }).version === 'number') {
    return etagOf((body as { version: number }).version, body);
  }
  return null;
}

/**
 * The version in an ETag of ours, weak or strong: `"3-<digest>"`, or `"3"` as this API
 * issued it before the digest (clients such as the console still send that form). Only
 * the version matters for a write, so the digest is not checked. Null if it is not one.
 */
export function versionInEtag(tag: string): number | null {
  const match = /^(?:W\/)?"?(\d+)(?:-[A-Za-z0-9_-]+)?"?$/.exec(tag.trim());
  return match ? Number(match[1]) : null;
}

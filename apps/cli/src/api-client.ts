import { randomUUID } from 'node:crypto';
import { CliError, ExitCode, exitCodeForStatus } from './exit-codes';

/** One broken rule on one field, as the API reports it. */
export interface FieldViolation {
  field: string;
  rule?: string;
  message: string;
}

/** The API answered with an error body `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get exitCode() {
    return exitCodeForStatus(this.status);
  }

  /** The field violations of a `validation-failed` error (empty for other errors). */
  get violations(): FieldViolation[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldViolation => !!d && typeof d === 'object' && typeof (d as any).field === 'string',
    );
  }
}

/**
 * The controller has no such route at all (Nest's 404 "Cannot GET /api/v1/…", which
 * carries no details), as opposed to a resource that does not exist. A controller
 * older than this CLI answers so for the endpoints it does not have yet.
 */
export class EndpointMissingError extends ApiError {
  constructor(method: string, path: string, baseUrl: string) {
    super(
      404,
      'endpoint-missing',
      `the controller at ${baseUrl} has no endpoint ${method} /api/v1${path.split('?')[0]}: it does not offer this yet (is it older than this CLI?)`,
      null,
      method,
      path,
    );
    this.name = 'EndpointMissingError';
  }
}

export class UnreachableError extends CliError {
  constructor(baseUrl: string, reason: string) {
    super(`cannot reach the controller at ${baseUrl}: ${reason}`, ExitCode.Server, [], 'unreachable');
    this.name = 'UnreachableError';
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** `"<version>"` sent as If-Match. */
  version?: number;
  /** Read the response as text (CSV reports) instead of JSON. */
  text?: boolean;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  userAgent?: string;
}

const PAGE_SIZE = 500;

/** A thin client of the controller's HTTP API: every path is relative to `/api/v1`. */
export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.userAgent = options.userAgent ?? 'twinsite-cli';
  }

  get<T = any>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { body, headers });
  }

  patch<T = any>(path: string, body: unknown, version?: number): Promise<T> {
    return this.request<T>('PATCH', path, { body, version });
  }

  delete(path: string, version?: number): Promise<void> {
    return this.request<void>('DELETE', path, { version });
  }

  /** Every item of a list, following `nextCursor` to the end. */
  async listAll<T = any>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await this.get<Page<T>>(path, {
        ...query,
        limit: PAGE_SIZE,
        cursor: cursor ?? undefined,
      });
      items.push(...(page.items ?? []));
      cursor = page.nextCursor ?? null;
    } while (cursor);
    return items;
  }

  /** A fresh key for a POST that must not happen twice when retried. */
  static idempotencyKey(): string {
    return randomUUID();
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: options.text ? 'text/csv, text/plain;q=0.9, */*;q=0.1' : 'application/json',
      'User-Agent': this.userAgent,
      ...options.headers,
    };
    if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
    let body: string | undefined;
    if (options.body !== undefined && method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url.toString(), {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new UnreachableError(this.baseUrl, describeFetchError(err, this.timeoutMs));
    }
    const pathWithQuery = path + (url.search || '');
    if (!response.ok) throw await this.toError(response, method, pathWithQuery);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (options.text) return text as T;
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(
        `${method} ${path} answered ${response.status} with a body that is not JSON`,
        ExitCode.Server,
        [],
        'bad-response',
      );
    }
  }

  private async toError(response: Response, method: string, path: string): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    let parsed: any = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const error =
      parsed && typeof parsed === 'object' && parsed.error && typeof parsed.error === 'object'
        ? parsed.error
        : null;
    if (response.status === 404 && isMissingRoute(error, text)) {
      return new EndpointMissingError(method, path, this.baseUrl);
    }
    if (error) {
      return new ApiError(
        response.status,
        String(error.code ?? 'error'),
        String(error.message ?? response.statusText),
        error.details ?? null,
        method,
        path,
      );
    }
    const snippet = text.trim().slice(0, 200);
    return new ApiError(
      response.status,
      `http-${response.status}`,
      `${method} /api/v1${path} answered ${response.status} ${response.statusText}${snippet ? `: ${snippet}` : ''}`,
      null,
      method,
      path,
    );
  }
}

/** Nest answers an unknown route with "Cannot GET /path" and no details; a missing resource names itself in details. */
function isMissingRoute(error: any, text: string): boolean {
  if (!error) return !text || /Cannot (GET|POST|PATCH|PUT|DELETE)/.test(text);
  return (
    (error.details === null || error.details === undefined) &&
    /^Cannot (GET|POST|PATCH|PUT|DELETE|HEAD) /.test(String(error.message))
  );
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as any;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = e?.cause;
  return String(cause?.message || cause?.code || e?.message || err);
}

import type {
  Alert,
  AlertState,
  ApiToken,
  Application,
  AuditEntry,
  FailoverRun,
  IssuedToken,
  LagHistory,
  NetworkMapping,
  Page,
  Pair,
  Plan,
  Role,
  RunKind,
  Self,
  Site,
  SiteFailover,
  SiteFailoverAction,
  SiteInventory,
  SitePreflight,
  SiteProbe,
  SiteReadiness,
} from './types';

/**
 * A thin typed client of the Twinsite HTTP API (`/api/v1`). It adds the bearer
 * token, turns error bodies `{ error: { code, message, details } }` into
 * `ApiError`, and tells the session when the token stopped being accepted.
 */

const BASE = '/api/v1';
const TOKEN_KEY = 'twinsite.token';

export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The controller has no such route (yet): the feature is not deployed, as opposed to a missing resource. */
  get notAvailable(): boolean {
    return (this.status === 404 && /^Cannot [A-Z]+ \//.test(this.message)) || this.status === 501;
  }
}

let onUnauthorized: (error: ApiError) => void = () => undefined;

/** The session listens here to sign out when the token is revoked or expires. */
export function setUnauthorizedHandler(handler: (error: ApiError) => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sign-in checks a token that is not stored yet. */
  token?: string;
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? tokenStore.get();
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      // Never from the browser's HTTP cache: during a failover a copy even seconds old misleads,
      // and a revalidation costs the same round trip as a fresh read.
      cache: 'no-store',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(
      0,
      'network-error',
      'The controller did not answer. Check the network connection; the console keeps retrying.',
    );
  }
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    const error = toApiError(response, body);
    if (response.status === 401 && !options.token) onUnauthorized(error);
    throw error;
  }
  return body as T;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(response: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (error && typeof error === 'object') {
    return new ApiError(
      response.status,
      error.code ?? 'error',
      error.message ?? `HTTP ${response.status}`,
      error.details ?? null,
    );
  }
  return new ApiError(
    response.status,
    'http-' + response.status,
    `The controller answered HTTP ${response.status} ${response.statusText}`.trim(),
  );
}

const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  request<T>('GET', path, { query, signal });
const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
  request<T>('POST', path, { body, headers });

/** Every page of a list, `limit` at a time (the API allows 500); for aggregate views such as the overview. */
export async function listAll<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const result: Page<T> = await get<Page<T>>(path, { ...query, limit: 500, cursor }, signal);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export interface PageRequest {
  limit: number;
  cursor?: string | null;
  signal?: AbortSignal;
}

const page = <T>(path: string, query: Query, p: PageRequest) =>
  get<Page<T>>(path, { ...query, limit: p.limit, cursor: p.cursor }, p.signal);

/** A random key per failover attempt, so that a double click or a retried request starts one run. */
export const newIdempotencyKey = () => crypto.randomUUID();

export type RunAction = 'approve' | 'cancel' | 'commit' | 'cleanup' | 'reprotect' | 'retry' | 'failback';

export const api = {
  self: (token?: string) => request<Self>('GET', '/tokens/self', { token }),

  sites: (signal?: AbortSignal) => listAll<Site>('/sites', {}, signal),
  site: (id: string, signal?: AbortSignal) => get<Site>(`/sites/${id}`, undefined, signal),
  probeSite: (id: string) => post<SiteProbe>(`/sites/${id}/probe`),
  siteInventory: (id: string, signal?: AbortSignal) =>
    get<SiteInventory>(`/sites/${id}/inventory`, undefined, signal),

  applications: (signal?: AbortSignal) => listAll<Application>('/applications', {}, signal),
  application: (id: string, signal?: AbortSignal) =>
    get<Application>(`/applications/${id}`, undefined, signal),
  updateApplication: (id: string, version: number | undefined, changes: Partial<Application>) =>
    request<Application>('PATCH', `/applications/${id}`, {
      body: changes,
      headers: version === undefined ? undefined : { 'If-Match': `"${version}"` },
    }),

  allPairs: (signal?: AbortSignal) => listAll<Pair>('/pairs', {}, signal),
  pairsOf: (applicationId: string, signal?: AbortSignal) =>
    listAll<Pair>('/pairs', { applicationId }, signal),
  pairsPage: (applicationId: string, p: PageRequest) => page<Pair>('/pairs', { applicationId }, p),
  pairLag: (id: string, from: string, to: string, signal?: AbortSignal) =>
    get<LagHistory>(`/pairs/${id}/lag`, { from, to }, signal),

  networkMappings: (signal?: AbortSignal) => listAll<NetworkMapping>('/network-mappings', {}, signal),

  plans: (applicationId?: string, signal?: AbortSignal) => listAll<Plan>('/plans', { applicationId }, signal),
  plan: (id: string, signal?: AbortSignal) => get<Plan>(`/plans/${id}`, undefined, signal),
  preflight: (planId: string, kind: RunKind) => post<unknown>(`/plans/${planId}/preflight`, { kind }),
  startFailover: (
    planId: string,
    kind: RunKind,
    confirm: string,
    acceptWarnings: boolean,
    idempotencyKey: string,
  ) =>
    post<FailoverRun>(
      `/plans/${planId}/failovers`,
      { kind, recoveryPoint: 'latest', confirm, ...(acceptWarnings ? { acceptWarnings: true } : {}) },
      { 'Idempotency-Key': idempotencyKey },
    ),

  runs: (query: { planId?: string; active?: boolean }, signal?: AbortSignal) =>
    listAll<FailoverRun>('/failovers', query, signal),
  run: (id: string, signal?: AbortSignal) => get<FailoverRun>(`/failovers/${id}`, undefined, signal),
  /** Failback starts a new run, so it carries an Idempotency-Key like a start. */
  runAction: (id: string, action: RunAction, body: unknown = {}) =>
    post<FailoverRun>(
      `/failovers/${id}/${action}`,
      body,
      action === 'failback' ? { 'Idempotency-Key': newIdempotencyKey() } : undefined,
    ),
  stepAction: (id: string, stepId: string, action: 'retry' | 'skip', reason?: string) =>
    post<FailoverRun>(
      `/failovers/${id}/steps/${stepId}/${action}`,
      action === 'skip' && reason ? { reason } : {},
    ),

  siteReadiness: (siteId: string, signal?: AbortSignal) =>
    get<SiteReadiness>(`/sites/${siteId}/readiness`, undefined, signal),
  sitePreflight: (siteId: string, kind: RunKind) =>
    post<SitePreflight>(`/sites/${siteId}/failovers/preflight`, { kind }),
  startSiteFailover: (
    siteId: string,
    kind: RunKind,
    confirm: string,
    acceptWarnings: boolean,
    idempotencyKey: string,
  ) =>
    post<SiteFailover>(
      `/sites/${siteId}/failovers`,
      { kind, confirm, ...(acceptWarnings ? { acceptWarnings: true } : {}) },
      { 'Idempotency-Key': idempotencyKey },
    ),
  siteFailovers: (query: { siteId?: string; ended?: boolean }, signal?: AbortSignal) =>
    listAll<SiteFailover>('/site-failovers', query, signal),
  siteFailover: (id: string, signal?: AbortSignal) =>
    get<SiteFailover>(`/site-failovers/${id}`, undefined, signal),
  siteFailoverAction: (id: string, action: SiteFailoverAction, note?: string) =>
    post<SiteFailover>(`/site-failovers/${id}/${action}`, note ? { note } : {}),

  alertsPage: (state: AlertState, p: PageRequest) => page<Alert>('/alerts', { state }, p),
  openAlerts: (signal?: AbortSignal) => listAll<Alert>('/alerts', { state: 'open' }, signal),
  acknowledgeAlert: (id: string, note: string) => post<Alert>(`/alerts/${id}/ack`, { note }),

  complianceReport: (applicationId: string, from: string, to: string, signal?: AbortSignal) =>
    get<unknown>('/reports/rpo-compliance', { applicationId, from, to }, signal),
  complianceCsv: (applicationId: string, from: string, to: string) =>
    request<string>('GET', '/reports/rpo-compliance', {
      query: { applicationId, from, to, format: 'csv' },
      headers: { Accept: 'text/csv' },
    }),

  auditPage: (filters: { action?: string; actor?: string; resourceType?: string }, p: PageRequest) =>
    page<AuditEntry>('/audit', filters, p),

  tokens: (signal?: AbortSignal) => listAll<ApiToken>('/tokens', {}, signal),
  createToken: (name: string, role: Role) => post<IssuedToken>('/tokens', { name, role }),
  revokeToken: (id: string) => request<ApiToken>('DELETE', `/tokens/${id}`),
};

/** The server-sent event stream; EventSource cannot send headers, so the token rides in the query. */
export function eventStreamUrl(token: string): string {
  return apiUrl('/events', { access_token: token });
}

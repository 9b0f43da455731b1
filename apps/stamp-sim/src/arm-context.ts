import { IncomingHttpHeaders } from 'node:http';
import { FailOperationRule } from './faults';
import { ApiVersionScope } from './providers';
import { Stamp } from './stamp';
import { Json } from './stamp-state';

/** One ARM call, as a route handler sees it. */
export interface ArmContext {
  stamp: Stamp;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Json;
  apiVersion: string | null;
  /** scheme://host:port the client used, for the polling URLs we hand out */
  baseUrl: string;
  /** set when a `failOperation` rule with `async: true` matched this call */
  asyncFailure?: FailOperationRule;
}

export interface ArmResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ArmRouteSpec {
  /** null: no api-version check (metadata, login) */
  scope: ApiVersionScope | null;
  /** false for the endpoints a client calls before it has a token */
  auth: boolean;
  handler: (ctx: ArmContext) => ArmResult;
}

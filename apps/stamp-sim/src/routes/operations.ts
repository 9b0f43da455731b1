import { ArmContext, ArmResult } from '../arm-context';
import { ArmError } from '../arm-errors';
import { Operation, OperationResult } from '../lro';
import { ArmRouter } from '../arm-router';

// Starting long-running operations the way ARM answers them, and the status URLs
// clients poll: PUT answers 201/200 with Azure-AsyncOperation, DELETE and POST actions
// answer 202 with Location and Retry-After.

interface StartInput {
  namespace: string;
  resourceType: string;
  action?: string;
  complete?: () => void;
  result?: () => OperationResult;
  /** runs instead of `complete` when an injected async failure ends the operation */
  onFailed?: () => void;
}

function start(ctx: ArmContext, input: StartInput): Operation {
  const { stamp } = ctx;
  const failure = ctx.asyncFailure
    ? {
        status: ctx.asyncFailure.status,
        error: {
          code: ctx.asyncFailure.code,
          message: ctx.asyncFailure.message ?? `The operation failed with code '${ctx.asyncFailure.code}'.`,
        },
        onFailed: input.onFailed,
      }
    : undefined;
  return stamp.operations.start({
    namespace: input.namespace,
    latencyMs: stamp.latencyFor(ctx.method, input.resourceType, input.action),
    now: stamp.now(),
    complete: input.complete,
    result: input.result,
    failure,
  });
}

function pollBase(ctx: ArmContext, namespace: string): string {
  const sub = ctx.stamp.subscriptionId;
  if (namespace === 'Microsoft.Resources') return `${ctx.baseUrl}/subscriptions/${sub}`;
  return `${ctx.baseUrl}/subscriptions/${sub}/providers/${namespace}/locations/${ctx.stamp.location}`;
}

function apiVersionQuery(ctx: ArmContext): string {
  return `?api-version=${encodeURIComponent(ctx.apiVersion ?? '')}`;
}

export function asyncOperationUrl(ctx: ArmContext, op: Operation): string {
  return `${pollBase(ctx, op.namespace)}/operations/${op.id}${apiVersionQuery(ctx)}`;
}

export function locationUrl(ctx: ArmContext, op: Operation): string {
  const segment = op.namespace === 'Microsoft.Resources' ? 'operationresults' : 'operationResults';
  return `${pollBase(ctx, op.namespace)}/${segment}/${op.id}${apiVersionQuery(ctx)}`;
}

/** PUT: the resource body now, with provisioningState Creating/Updating; poll Azure-AsyncOperation. */
export function acceptPut(ctx: ArmContext, input: StartInput, created: boolean, body: unknown): ArmResult {
  const op = start(ctx, input);
  return {
    status: created ? 201 : 200,
    body,
    headers: { 'Azure-AsyncOperation': asyncOperationUrl(ctx, op) },
  };
}

/** DELETE and POST actions: 202, poll Location until it stops answering 202. */
export function acceptAction(ctx: ArmContext, input: StartInput): ArmResult {
  const op = start(ctx, input);
  return {
    status: 202,
    headers: {
      Location: locationUrl(ctx, op),
      'Retry-After': String(ctx.stamp.operations.retryAfterSeconds(op)),
    },
  };
}

function findOperation(ctx: ArmContext): Operation {
  const op = ctx.stamp.operations.get(ctx.params.operationId);
  if (!op) {
    throw new ArmError(404, 'NotFound', `The operation '${ctx.params.operationId}' was not found.`);
  }
  return op;
}

function statusBody(op: Operation): unknown {
  const body: Record<string, unknown> = {
    name: op.id,
    status: op.status,
    startTime: op.startTime.toISOString(),
  };
  if (op.endTime) body.endTime = op.endTime.toISOString();
  if (op.error) body.error = op.error;
  return body;
}

function asyncStatus(ctx: ArmContext): ArmResult {
  const op = findOperation(ctx);
  const headers: Record<string, string> = {};
  if (op.status === 'InProgress') headers['Retry-After'] = String(ctx.stamp.operations.retryAfterSeconds(op));
  return { status: 200, body: statusBody(op), headers };
}

function locationStatus(ctx: ArmContext): ArmResult {
  const op = findOperation(ctx);
  if (op.status === 'InProgress') {
    return {
      status: 202,
      headers: {
        Location: `${ctx.baseUrl}${ctx.path}${apiVersionQuery(ctx)}`,
        'Retry-After': String(ctx.stamp.operations.retryAfterSeconds(op)),
      },
    };
  }
  if (op.status === 'Failed' && op.error) {
    return { status: op.failureStatus, body: { error: op.error } };
  }
  const result = op.result?.();
  return result ?? { status: 204 };
}

export function registerOperationRoutes(router: ArmRouter): void {
  for (const ns of ['Microsoft.Compute', 'Microsoft.Network']) {
    const scope = { namespace: ns, resourceType: '*' };
    const base = `/subscriptions/:sub/providers/${ns}/locations/:loc`;
    router.arm('GET', `${base}/operations/:operationId`, scope, asyncStatus);
    router.arm('GET', `${base}/operationResults/:operationId`, scope, locationStatus);
  }
  const resources = { namespace: 'Microsoft.Resources', resourceType: 'operationresults' };
  router.arm('GET', '/subscriptions/:sub/operationresults/:operationId', resources, locationStatus);
  router.arm('GET', '/subscriptions/:sub/operations/:operationId', resources, asyncStatus);
}

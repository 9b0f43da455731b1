import { ArmContext, ArmResult, ArmRouteSpec } from './arm-context';
import { ApiVersionScope } from './providers';
import { Router } from './router';

export class ArmRouter extends Router<ArmRouteSpec> {
  arm(
    method: string,
    pattern: string,
    scope: ApiVersionScope | null,
    handler: (ctx: ArmContext) => ArmResult,
    options: { auth?: boolean } = {},
  ): this {
    return this.add(method, pattern, { scope, handler, auth: options.auth ?? true });
  }
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export type Role = 'viewer' | 'operator' | 'admin';

/** Who is calling: the token that authenticated the request. */
export interface Actor {
  tokenId: string;
  name: string;
  role: Role | 'agent';
  /** Agent tokens are scoped to one replication pair. */
  pairId?: string | null;
}

/** The system itself, for changes no person made (bootstrap, scheduler). */
export const SYSTEM_ACTOR: Actor = { tokenId: 'system', name: 'system', role: 'admin' };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});

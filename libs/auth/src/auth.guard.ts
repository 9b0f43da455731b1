import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '@twinsite/shared';
import { ACCESS_KEY, AccessLevel } from '@twinsite/shared';
import { ApiTokenService } from './api-token.service';
import { canAccess } from './roles';

/**
 * Every route declares what it needs with @Access; a route that forgot to is
 * treated as admin-only, so a mistake fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level =
      this.reflector.getAllAndOverride<AccessLevel>(ACCESS_KEY, [context.getHandler(), context.getClass()]) ??
      'admin';
    if (level === 'public') return true;
    const request = context.switchToHttp().getRequest();
    const value = bearer(request.headers.authorization) ?? queryToken(request);
    if (!value) {
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        'unauthenticated',
        'an API token is required: Authorization: Bearer <token>',
      );
    }
    const actor = await this.tokens.authenticate(value);
    if (!actor)
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        'unauthenticated',
        'the API token is unknown or revoked',
      );
    request.actor = actor;
    if (!canAccess(actor, level, request.params?.id)) {
      throw new AppException(
        HttpStatus.FORBIDDEN,
        'forbidden',
        `the ${actor.role} role may not do this (needs ${level})`,
        {
          role: actor.role,
          needs: level,
        },
      );
    }
    return true;
  }
}

function bearer(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}

// EventSource in a browser cannot send headers, so the event stream alone also
// accepts `?access_token=`.
function queryToken(request: any): string | null {
  if (!request.path?.endsWith('/events')) return null;
  const value = request.query?.access_token;
  return typeof value === 'string' && value ? value : null;
}

import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * What a route needs: `read` (viewer and up), `operate` (operator and up: acknowledge
 * alerts, run failovers), `admin` (everything), `public` (health), or `agent`
 * (a per-pair agent token, or an operator and up, may push checkpoints).
 */
export type AccessLevel = 'public' | 'read' | 'operate' | 'admin' | 'agent';

export const ACCESS_KEY = 'twinsite:access';

/** Also published in the OpenAPI document as `x-twinsite-access`, so scripts and tests can see each route's rule. */
export const Access = (level: AccessLevel) =>
  applyDecorators(SetMetadata(ACCESS_KEY, level), ApiExtension('x-twinsite-access', level));

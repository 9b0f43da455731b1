import type { ApiTokenEntity } from '../api-token.entity';

export function toTokenResponse(token: ApiTokenEntity) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    prefix: token.prefix,
    pairId: token.pairId,
    createdBy: token.createdBy,
    createdAt: token.createdAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
  };
}

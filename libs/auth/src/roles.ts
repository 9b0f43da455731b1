import type { Actor } from '@twinsite/shared';
import type { AccessLevel } from '@twinsite/shared';

const RANK = { viewer: 1, operator: 2, admin: 3 } as const;

/** The role rules in one place: the guard and the console ask the same question. */
export function canAccess(
  actor: Pick<Actor, 'role' | 'pairId'>,
  level: AccessLevel,
  pairId?: string,
): boolean {
  if (level === 'public') return true;
  if (actor.role === 'agent') return level === 'agent' && !!pairId && actor.pairId === pairId;
  const rank = RANK[actor.role];
  switch (level) {
    case 'read':
      return rank >= RANK.viewer;
    case 'operate':
    case 'agent':
      return rank >= RANK.operator;
    case 'admin':
      return rank >= RANK.admin;
  }
}

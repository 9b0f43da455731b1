import type { Self } from '../api/types';

/**
 * What a role may do, mirroring the API's access levels (read < operate < admin).
 * The console hides what the role may not do; the API refuses it anyway.
 */
const RANK: Record<string, number> = { viewer: 1, operator: 2, admin: 3 };

export const canOperate = (self: Pick<Self, 'role'> | null) => (RANK[self?.role ?? ''] ?? 0) >= RANK.operator;
export const canAdminister = (self: Pick<Self, 'role'> | null) => (RANK[self?.role ?? ''] ?? 0) >= RANK.admin;

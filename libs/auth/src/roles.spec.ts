import { canAccess } from './roles';
import type { AccessLevel } from '@twinsite/shared';

describe('canAccess', () => {
  const table: Array<[string, AccessLevel, boolean]> = [
    ['viewer', 'read', true],
    ['viewer', 'operate', false],
    ['viewer', 'admin', false],
    ['viewer', 'agent', false],
    ['operator', 'read', true],
    ['operator', 'operate', true],
    ['operator', 'admin', false],
    ['operator', 'agent', true],
    ['admin', 'read', true],
    ['admin', 'operate', true],
    ['admin', 'admin', true],
    ['admin', 'agent', true],
  ];
  it.each(table)('%s on %s → %s', (role, level, allowed) => {
    expect(canAccess({ role: role as any }, level, 'p1')).toBe(allowed);
  });

  it('lets an agent token push checkpoints for its own pair only, and do nothing else', () => {
    const agent = { role: 'agent' as const, pairId: 'p1' };
    expect(canAccess(agent, 'agent', 'p1')).toBe(true);
    expect(canAccess(agent, 'agent', 'p2')).toBe(false);
    expect(canAccess(agent, 'read')).toBe(false);
    expect(canAccess(agent, 'operate')).toBe(false);
  });

  it('lets anyone reach public routes', () => {
    expect(canAccess({ role: 'viewer' }, 'public')).toBe(true);
  });
});

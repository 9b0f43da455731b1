import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { notFound } from '../errors/app.exception';
import { assertVersion } from './expected-version';

/**
 * Reads a row FOR UPDATE inside the caller's transaction and checks the version the
 * client expects, so two concurrent updates cannot both win: the second one waits
 * for the row and then sees that the version moved.
 */
export async function lockForUpdate<E extends ObjectLiteral & { version: number }>(
  m: EntityManager,
  entity: EntityTarget<E>,
  resource: string,
  id: string,
  expected?: number,
): Promise<E> {
  const row = await m
    .getRepository(entity)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.id = :id', { id })
    .getOne();
  if (!row) throw notFound(resource, id);
  assertVersion(resource, id, expected, row.version);
  return row;
}

/** The fields of `patch` that are set, for the audit log's "what changed". */
export function changedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'version'),
  ) as Partial<T>;
}

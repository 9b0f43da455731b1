import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, redact } from '@twinsite/shared';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditQueryDto } from './dtos/audit-query.dto';

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Written with the change, in the same transaction: a change that rolls back
   * leaves no audit entry, and no change is ever made without one.
   */
  async record(
    manager: EntityManager,
    actor: Actor,
    action: string,
    resourceType: string,
    resourceId: string | null,
    change: Record<string, unknown> | null,
  ): Promise<void> {
    await manager.insert(AuditEntryEntity, {
      actorTokenId: actor.tokenId,
      actorName: actor.name,
      actorRole: actor.role,
      action,
      resourceType,
      resourceId,
      change: (change ? redact(change) : null) as any,
    });
  }

  /** Newest first; `cursor` is the id of the last entry of the previous page. */
  async list(query: AuditQueryDto): Promise<{ items: AuditEntryEntity[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const qb = this.db.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (query.cursor) qb.andWhere('a.id < :cursor', { cursor: query.cursor });
    if (query.resourceType) qb.andWhere('a.resource_type = :resourceType', { resourceType: query.resourceType });
    if (query.resourceId) qb.andWhere('a.resource_id = :resourceId', { resourceId: query.resourceId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actor) qb.andWhere('a.actor_name = :actor', { actor: query.actor });
    const rows = await qb.orderBy('a.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}

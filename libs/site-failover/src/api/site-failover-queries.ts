import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, Page, paginate } from '@twinsite/shared';
import { ListSiteFailoversQuery } from '../dtos/site-failover.dto';
import { SiteFailoverResponse, toSiteFailoverResponse } from '../dtos/site-failover.response';
import { SiteFailoverEntity, SiteFailoverPlanEntity } from '../site-failover.entity';

/** Reads of site failovers: one, a page, by key, the active one of a site. */
@Injectable()
export class SiteFailoverQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(id: string, m: EntityManager = this.db.manager): Promise<SiteFailoverResponse> {
    const sf = await m.findOneBy(SiteFailoverEntity, { id });
    if (!sf) throw notFound('site-failover', id);
    const entries = await m.find(SiteFailoverPlanEntity, {
      where: { siteFailoverId: id },
      order: { position: 'ASC' },
    });
    return toSiteFailoverResponse(sf, entries);
  }

  async list(query: ListSiteFailoversQuery): Promise<Page<SiteFailoverResponse>> {
    const qb = this.db.getRepository(SiteFailoverEntity).createQueryBuilder('sf');
    if (query.siteId) qb.andWhere('sf.site_id = :siteId', { siteId: query.siteId });
    if (query.kind) qb.andWhere('sf.kind = :kind', { kind: query.kind });
    if (query.state) qb.andWhere('sf.state = :state', { state: query.state });
    if (query.active !== undefined) qb.andWhere('sf.active = :active', { active: query.active });
    if (query.ended !== undefined)
      qb.andWhere(query.ended ? 'sf.ended_at IS NOT NULL' : 'sf.ended_at IS NULL');
    const page = await paginate(qb, query);
    const ids = page.items.map((s) => s.id);
    const entries = ids.length
      ? await this.db
          .getRepository(SiteFailoverPlanEntity)
          .createQueryBuilder('e')
          .where('e.site_failover_id IN (:...ids)', { ids })
          .orderBy('e.position')
          .getMany()
      : [];
    return {
      items: page.items.map((sf) =>
        toSiteFailoverResponse(
          sf,
          entries.filter((e) => e.siteFailoverId === sf.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  findByKey(siteId: string, key: string): Promise<SiteFailoverEntity | null> {
    return this.db.getRepository(SiteFailoverEntity).findOneBy({ siteId, idempotencyKey: key });
  }

  findActive(siteId: string): Promise<SiteFailoverEntity | null> {
    return this.db.getRepository(SiteFailoverEntity).findOneBy({ siteId, active: true });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import type { SiteConnection } from '@twinsite/core';
import { Actor, changedFields, lockForUpdate, notFound, Page, paginate, SecretBox } from '@twinsite/shared';
import { CreateSiteDto } from './dtos/create-site.dto';
import { ListSitesQuery } from './dtos/list-sites.query';
import { UpdateSiteDto } from './dtos/update-site.dto';
import { SiteEntity } from './site.entity';

const DEFAULT_PROFILE = '2020-09-01-hybrid';

@Injectable()
export class SiteService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  create(actor: Actor, input: CreateSiteDto): Promise<SiteEntity> {
    return this.db.transaction(async (m) => {
      const { clientSecret, ...fields } = input;
      const site = await m.save(
        SiteEntity,
        m.create(SiteEntity, {
          ...fields,
          caCertificate: fields.caCertificate ?? null,
          apiProfile: fields.apiProfile ?? DEFAULT_PROFILE,
          clientSecretSealed: this.secrets.seal(clientSecret),
        }),
      );
      await this.audit.record(m, actor, 'site.create', 'site', site.id, { ...input });
      return site;
    });
  }

  list(query: ListSitesQuery): Promise<Page<SiteEntity>> {
    const qb = this.db.getRepository(SiteEntity).createQueryBuilder('site');
    if (query.name) qb.andWhere('site.name = :name', { name: query.name });
    if (query.location) qb.andWhere('site.location = :location', { location: query.location });
    return paginate(qb, query);
  }

  async get(id: string): Promise<SiteEntity> {
    const site = await this.db.getRepository(SiteEntity).findOneBy({ id });
    if (!site) throw notFound('site', id);
    return site;
  }

  async findByIds(ids: string[]): Promise<SiteEntity[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(SiteEntity).createQueryBuilder('s').where('s.id IN (:...ids)', { ids }).getMany();
  }

  update(actor: Actor, id: string, patch: UpdateSiteDto, expected?: number): Promise<SiteEntity> {
    return this.db.transaction(async (m) => {
      const site = await lockForUpdate(m, SiteEntity, 'site', id, expected ?? patch.version);
      const { clientSecret, version: _version, ...fields } = patch;
      Object.assign(site, changedFields(fields));
      if (clientSecret !== undefined) site.clientSecretSealed = this.secrets.seal(clientSecret);
      const saved = await m.save(site);
      await this.audit.record(m, actor, 'site.update', 'site', id, changedFields(patch));
      return saved;
    });
  }

  remove(actor: Actor, id: string, expected?: number): Promise<void> {
    return this.db.transaction(async (m) => {
      const site = await lockForUpdate(m, SiteEntity, 'site', id, expected);
      await m.delete(SiteEntity, { id });
      await this.audit.record(m, actor, 'site.delete', 'site', id, { name: site.name });
    });
  }

  /** What the ARM gateway needs to talk to the stamp, the secret opened for that call only. */
  async connection(id: string): Promise<SiteConnection> {
    return this.toConnection(await this.get(id));
  }

  toConnection(site: SiteEntity): SiteConnection {
    return {
      siteId: site.id,
      armEndpoint: site.armEndpoint,
      location: site.location,
      subscriptionId: site.subscriptionId,
      tenantId: site.tenantId,
      clientId: site.clientId,
      clientSecret: this.secrets.open(site.clientSecretSealed),
      caCertificate: site.caCertificate ?? undefined,
      apiProfile: site.apiProfile,
    };
  }
}

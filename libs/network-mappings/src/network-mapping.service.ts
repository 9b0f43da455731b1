import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import {
  Actor,
  changedFields,
  FieldViolation,
  lockForUpdate,
  notFound,
  Page,
  paginate,
  validationFailed,
} from '@twinsite/shared';
import { SiteService } from '@twinsite/sites';
import { CreateNetworkMappingDto } from './dtos/create-network-mapping.dto';
import { ListNetworkMappingsQuery } from './dtos/list-network-mappings.query';
import { UpdateNetworkMappingDto } from './dtos/update-network-mapping.dto';
import { NetworkMappingEntity } from './network-mapping.entity';
import { checkNetworkMapping, resolveIpMode } from './network-mapping.rules';

@Injectable()
export class NetworkMappingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SiteService,
  ) {}

  async create(actor: Actor, input: CreateNetworkMappingDto): Promise<NetworkMappingEntity> {
    const staticIps = plain(input.staticIps ?? []);
    const fields = {
      name: input.name,
      sourceSiteId: input.sourceSiteId,
      targetSiteId: input.targetSiteId,
      sourceSubnetId: input.sourceSubnetId,
      targetSubnetId: input.targetSubnetId,
      testSubnetId: input.testSubnetId,
      staticIps,
      ipMode: resolveIpMode(input.ipMode, staticIps),
      nsgs: plain(input.nsgs ?? []),
      loadBalancers: plain(input.loadBalancers ?? []),
      publicIp: input.publicIp ?? false,
    };
    await this.check(fields);
    return this.db.transaction(async (m) => {
      const mapping = await m.save(NetworkMappingEntity, m.create(NetworkMappingEntity, fields));
      await this.audit.record(m, actor, 'network-mapping.create', 'network-mapping', mapping.id, {
        ...input,
      });
      return mapping;
    });
  }

  list(query: ListNetworkMappingsQuery): Promise<Page<NetworkMappingEntity>> {
    const qb = this.db.getRepository(NetworkMappingEntity).createQueryBuilder('nm');
    if (query.name !== undefined) qb.andWhere('nm.name = :name', { name: query.name });
    if (query.sourceSiteId !== undefined)
      qb.andWhere('nm.source_site_id = :sourceSiteId', { sourceSiteId: query.sourceSiteId });
    if (query.targetSiteId !== undefined)
      qb.andWhere('nm.target_site_id = :targetSiteId', { targetSiteId: query.targetSiteId });
    return paginate(qb, query);
  }

  async get(id: string): Promise<NetworkMappingEntity> {
    const mapping = await this.db.getRepository(NetworkMappingEntity).findOneBy({ id });
    if (!mapping) throw notFound('network-mapping', id);
    return mapping;
  }

  /** The mappings a failover between two sites applies, in creation order. */
  findBySites(sourceSiteId: string, targetSiteId: string): Promise<NetworkMappingEntity[]> {
    return this.db
      .getRepository(NetworkMappingEntity)
      .find({ where: { sourceSiteId, targetSiteId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  update(
    actor: Actor,
    id: string,
    patch: UpdateNetworkMappingDto,
    expected?: number,
  ): Promise<NetworkMappingEntity> {
    return this.db.transaction(async (m) => {
      const mapping = await lockForUpdate(
        m,
        NetworkMappingEntity,
        'network-mapping',
        id,
        expected ?? patch.version,
      );
      const { version: _version, staticIps, nsgs, loadBalancers, ipMode, ...fields } = patch;
      Object.assign(mapping, changedFields(fields));
      if (staticIps !== undefined) mapping.staticIps = plain(staticIps);
      if (nsgs !== undefined) mapping.nsgs = plain(nsgs);
      if (loadBalancers !== undefined) mapping.loadBalancers = plain(loadBalancers);
      if (ipMode !== undefined || staticIps !== undefined)
        mapping.ipMode = resolveIpMode(ipMode, mapping.staticIps, mapping.ipMode);
      await this.check(mapping);
      const saved = await m.save(mapping);
      await this.audit.record(
        m,
        actor,
        'network-mapping.update',
        'network-mapping',
        id,
        changedFields(patch),
      );
      return saved;
    });
  }

  remove(actor: Actor, id: string, expected?: number): Promise<void> {
    return this.db.transaction(async (m) => {
      const mapping = await lockForUpdate(m, NetworkMappingEntity, 'network-mapping', id, expected);
      await m.delete(NetworkMappingEntity, { id });
      await this.audit.record(m, actor, 'network-mapping.delete', 'network-mapping', id, {
        name: mapping.name,
      });
    });
  }

  /** The cross-field rules and the sites' existence, all reported at once. */
  private async check(mapping: Parameters<typeof checkNetworkMapping>[0]): Promise<void> {
    const violations: FieldViolation[] = [];
    const sites = await this.sites.findByIds([...new Set([mapping.sourceSiteId, mapping.targetSiteId])]);
    for (const field of ['sourceSiteId', 'targetSiteId'] as const) {
      if (!sites.some((s) => s.id === mapping[field])) {
        violations.push({ field, rule: 'exists', message: `site ${mapping[field]} does not exist` });
      }
    }
    violations.push(...checkNetworkMapping(mapping));
    if (violations.length > 0) throw validationFailed(violations);
  }
}

/** DTO instances to plain JSON for the jsonb columns, without unset optional fields. */
function plain<T extends object>(items: T[]): T[] {
  return items.map(
    (item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== null)) as T,
  );
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import { Actor, changedFields, conflict, lockForUpdate, notFound, Page, paginate } from '@twinsite/shared';
import { ApplicationEntity } from './application.entity';
import { CreateApplicationDto } from './dtos/create-application.dto';
import { ListApplicationsQuery } from './dtos/list-applications.query';
import { UpdateApplicationDto } from './dtos/update-application.dto';

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  create(actor: Actor, input: CreateApplicationDto): Promise<ApplicationEntity> {
    return this.db.transaction(async (m) => {
      const app = await m.save(
        ApplicationEntity,
        m.create(ApplicationEntity, {
          ...input,
          optIn: input.optIn ?? false,
          description: input.description ?? null,
        }),
      );
      await this.audit.record(m, actor, 'application.create', 'application', app.id, { ...input });
      return app;
    });
  }

  list(query: ListApplicationsQuery): Promise<Page<ApplicationEntity>> {
    const qb = this.db.getRepository(ApplicationEntity).createQueryBuilder('app');
    if (query.name !== undefined) qb.andWhere('app.name = :name', { name: query.name });
    if (query.owner !== undefined) qb.andWhere('app.owner = :owner', { owner: query.owner });
    if (query.tier !== undefined) qb.andWhere('app.tier = :tier', { tier: query.tier });
    if (query.protection !== undefined)
      qb.andWhere('app.protection = :protection', { protection: query.protection });
    if (query.optIn !== undefined) qb.andWhere('app.opt_in = :optIn', { optIn: query.optIn });
    return paginate(qb, query);
  }

  async get(id: string): Promise<ApplicationEntity> {
    const app = await this.db.getRepository(ApplicationEntity).findOneBy({ id });
    if (!app) throw notFound('application', id);
    return app;
  }

  async findByIds(ids: string[]): Promise<ApplicationEntity[]> {
    if (ids.length === 0) return [];
    return this.db
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.id IN (:...ids)', { ids })
      .getMany();
  }

  update(
    actor: Actor,
    id: string,
    patch: UpdateApplicationDto,
    expected?: number,
  ): Promise<ApplicationEntity> {
    return this.db.transaction(async (m) => {
      const app = await lockForUpdate(m, ApplicationEntity, 'application', id, expected ?? patch.version);
      const { version: _version, ...fields } = patch;
      Object.assign(app, changedFields(fields));
      const saved = await m.save(app);
      await this.audit.record(m, actor, 'application.update', 'application', id, changedFields(patch));
      return saved;
    });
  }

  /** Refused with 409 `still-referenced` while a pair or a plan belongs to the application (the foreign keys say so). */
  async remove(actor: Actor, id: string, expected?: number): Promise<void> {
    try {
      await this.db.transaction(async (m) => {
        const app = await lockForUpdate(m, ApplicationEntity, 'application', id, expected);
        await m.delete(ApplicationEntity, { id });
        await this.audit.record(m, actor, 'application.delete', 'application', id, { name: app.name });
      });
    } catch (err) {
      const referencedBy = referencingTable(err);
      if (referencedBy) {
        throw conflict(
          'still-referenced',
          `application ${id} still has ${referencedBy}; delete or move them first`,
          {
            resource: 'application',
            id,
            referencedBy,
          },
        );
      }
      throw err;
    }
  }
}

/** `fk_<table>__<column>` names the table whose rows still point at the deleted one. */
function referencingTable(err: unknown): string | null {
  if (!(err instanceof QueryFailedError)) return null;
  const driverError = (err as any).driverError ?? {};
  if (driverError.code !== '23503') return null;
  const match = /^fk_([a-z_]+?)__/.exec(String(driverError.constraint ?? ''));
  return match ? match[1].replace(/_/g, '-') : 'references';
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, Page, paginate } from '@twinsite/shared';
import { ListFailoversQuery } from '../dtos/list-failovers.query';
import { RunResponse, toRunResponse } from '../dtos/run.response';
import { FailoverRunEntity } from '../failover-run.entity';
import { FailoverStepEntity } from '../failover-step.entity';

/** Reads of runs: one, a page, the one a plan has active. */
@Injectable()
export class RunQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(id: string, m: EntityManager = this.db.manager): Promise<RunResponse> {
    const run = await m.findOneBy(FailoverRunEntity, { id });
    if (!run) throw notFound('failover', id);
    const steps = await m.find(FailoverStepEntity, { where: { runId: id }, order: { seq: 'ASC' } });
    return toRunResponse(run, steps);
  }

  async list(query: ListFailoversQuery): Promise<Page<RunResponse>> {
    const qb = this.db.getRepository(FailoverRunEntity).createQueryBuilder('run');
    if (query.planId) qb.andWhere('run.plan_id = :planId', { planId: query.planId });
    if (query.applicationId)
      qb.andWhere('run.application_id = :applicationId', { applicationId: query.applicationId });
    if (query.active !== undefined) qb.andWhere('run.active = :active', { active: query.active });
    if (query.state) qb.andWhere('run.state = :state', { state: query.state });
    if (query.kind) qb.andWhere('run.kind = :kind', { kind: query.kind });
    const page = await paginate(qb, query);
    const ids = page.items.map((r) => r.id);
    const steps = ids.length
      ? await this.db
          .getRepository(FailoverStepEntity)
          .createQueryBuilder('s')
          .where('s.run_id IN (:...ids)', { ids })
          .orderBy('s.seq')
          .getMany()
      : [];
    return {
      items: page.items.map((run) =>
        toRunResponse(
          run,
          steps.filter((s) => s.runId === run.id),
          false,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  findByKey(planId: string, key: string): Promise<FailoverRunEntity | null> {
    return this.db.getRepository(FailoverRunEntity).findOneBy({ planId, idempotencyKey: key });
  }

  findActive(planId: string): Promise<FailoverRunEntity | null> {
    return this.db.getRepository(FailoverRunEntity).findOneBy({ planId, active: true });
  }
}

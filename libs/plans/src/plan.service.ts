import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ApplicationService } from '@twinsite/applications';
import { AuditService } from '@twinsite/audit';
import { fieldPath, PairSites, validatePlan } from '@twinsite/core';
import { PairService } from '@twinsite/replication';
import {
  Actor,
  changedFields,
  FieldViolation,
  lockForUpdate,
  notFound,
  Page,
  paginate,
  SecretBox,
  validationFailed,
} from '@twinsite/shared';
import { CreatePlanDto, PlanGroupDto } from './dtos/create-plan.dto';
import { ListPlansQuery } from './dtos/list-plans.query';
import type { PlanDirection } from './dtos/plan.response';
import { UpdatePlanDto } from './dtos/update-plan.dto';
import { InputPlanGroup, openStep, sealPlanSecrets } from './plan-secrets';
import { referencedPairIds, stepContractViolations, withStepDefaults } from './plan-steps';
import { PlanEntity, PlanPairEntity } from './plan.entity';

/** A plan with the two sites it fails over between (derived from its pairs). */
export interface PlanRecord {
  plan: PlanEntity;
  direction: PlanDirection;
}

/** Groups after validation: defaults applied, still holding the step secrets in the clear. */
interface CheckedPlan {
  groups?: InputPlanGroup[];
  pairIds: string[];
  direction: PlanDirection;
}

const NO_DIRECTION: PlanDirection = { sourceSiteId: null, targetSiteId: null };

@Injectable()
export class PlanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly applications: ApplicationService,
    private readonly pairs: PairService,
  ) {}

  async create(actor: Actor, input: CreatePlanDto): Promise<PlanRecord> {
    const checked = await this.check(input.applicationId, input.groups);
    return this.writing(() =>
      this.db.transaction(async (m) => {
        const sealed = sealPlanSecrets(checked.groups!, (s) => this.secrets.seal(s));
        if (sealed.violations.length > 0) throw validationFailed(sealed.violations);
        const plan = await m.save(
          PlanEntity,
          m.create(PlanEntity, {
            name: input.name,
            applicationId: input.applicationId,
            description: input.description ?? null,
            groups: sealed.groups,
          }),
        );
        await this.replacePlanPairs(m, plan.id, checked.pairIds);
        await this.audit.record(m, actor, 'plan.create', 'plan', plan.id, { ...input });
        return { plan, direction: checked.direction };
      }),
    );
  }

  async list(query: ListPlansQuery): Promise<Page<PlanRecord>> {
    const qb = this.db.getRepository(PlanEntity).createQueryBuilder('plan');
    if (query.name !== undefined) qb.andWhere('plan.name = :name', { name: query.name });
    if (query.applicationId !== undefined)
      qb.andWhere('plan.application_id = :applicationId', { applicationId: query.applicationId });
    if (query.pairId !== undefined) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM plan_pairs pp WHERE pp.plan_id = plan.id AND pp.pair_id = :pairId)',
        { pairId: query.pairId },
      );
    }
    const page = await paginate(qb, query);
    // One lookup for the whole page: every pair of a plan goes the same way, so its first pair tells.
    const sites = await this.pairs.sitesOf(page.items.map(firstPairId));
    return {
      items: page.items.map((plan) => ({ plan, direction: directionOf(sites, firstPairId(plan)) })),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<PlanRecord> {
    const plan = await this.db.getRepository(PlanEntity).findOneBy({ id });
    if (!plan) throw notFound('plan', id);
    const sites = await this.pairs.sitesOf([firstPairId(plan)]);
    return { plan, direction: directionOf(sites, firstPairId(plan)) };
  }

  /** The plan as the failover engine runs it: step secrets opened, for that run only. */
  async getForRun(id: string) {
    const { plan, direction } = await this.get(id);
    const open = (sealed: string) => this.secrets.open(sealed);
    return {
      ...direction,
      id: plan.id,
      name: plan.name,
      applicationId: plan.applicationId,
      version: plan.version,
      groups: plan.groups.map((g) => ({
        name: g.name,
        pairIds: g.pairIds,
        before: g.before.map((s) => openStep(s, open)),
        after: g.after.map((s) => openStep(s, open)),
      })),
    };
  }

  async update(actor: Actor, id: string, patch: UpdatePlanDto, expected?: number): Promise<PlanRecord> {
    const checked = await this.check(patch.applicationId, patch.groups);
    return this.writing(() =>
      this.db.transaction(async (m) => {
        const plan = await lockForUpdate(m, PlanEntity, 'plan', id, expected ?? patch.version);
        const { version: _version, groups: _groups, ...fields } = patch;
        Object.assign(plan, changedFields(fields));
        if (checked.groups) {
          const sealed = sealPlanSecrets(checked.groups, (s) => this.secrets.seal(s), plan.groups);
          if (sealed.violations.length > 0) throw validationFailed(sealed.violations);
          plan.groups = sealed.groups;
          await this.replacePlanPairs(m, id, checked.pairIds);
        }
        const saved = await m.save(plan);
        await this.audit.record(m, actor, 'plan.update', 'plan', id, changedFields(patch));
        if (checked.groups) return { plan: saved, direction: checked.direction };
        const sites = await this.pairs.sitesOf([firstPairId(saved)]);
        return { plan: saved, direction: directionOf(sites, firstPairId(saved)) };
      }),
    );
  }

  remove(actor: Actor, id: string, expected?: number): Promise<void> {
    return this.db.transaction(async (m) => {
      const plan = await lockForUpdate(m, PlanEntity, 'plan', id, expected);
      await m.delete(PlanEntity, { id });
      await this.audit.record(m, actor, 'plan.delete', 'plan', id, { name: plan.name });
    });
  }

  /**
   * Every rule at once: the application exists, each step's fields (core's
   * `validateStep`, plus the fields the API accepts), and the plan rules against
   * the pairs it names (core's `validatePlan`). Nothing is written before this passes.
   */
  private async check(
    applicationId: string | undefined,
    groups: PlanGroupDto[] | undefined,
  ): Promise<CheckedPlan> {
    const violations: FieldViolation[] = [];
    let normalised: InputPlanGroup[] | undefined;
    let pairIds: string[] = [];
    let sites = new Map<string, PairSites>();
    const lookups: Array<Promise<unknown>> = [];
    if (applicationId !== undefined) {
      lookups.push(
        this.applications.findByIds([applicationId]).then((found) => {
          if (found.length === 0)
            violations.push({
              field: 'applicationId',
              rule: 'exists',
              message: `application ${applicationId} does not exist`,
            });
        }),
      );
    }
    if (groups !== undefined) {
      normalised = groups.map((g) => ({
        name: g.name,
        pairIds: g.pairIds,
        before: g.before?.map((s) => withStepDefaults(s) as Record<string, unknown>),
        after: g.after?.map((s) => withStepDefaults(s) as Record<string, unknown>),
      }));
      pairIds = referencedPairIds(normalised);
      lookups.push(this.pairs.sitesOf(pairIds).then((found) => (sites = found)));
    }
    await Promise.all(lookups);
    if (normalised) {
      violations.push(...validatePlan({ groups: normalised as any }, sites));
      normalised.forEach((g, i) => {
        for (const phase of ['before', 'after'] as const) {
          g[phase]?.forEach((step, s) =>
            violations.push(...stepContractViolations(step, fieldPath('groups', i, phase, s))),
          );
        }
      });
    }
    if (violations.length > 0) throw validationFailed(violations);
    return {
      groups: normalised?.map((g) => ({ ...g, before: g.before ?? [], after: g.after ?? [] })),
      pairIds: pairIds.filter((id) => sites.has(id)),
      direction: normalised ? directionOf(sites, normalised[0]?.pairIds[0]) : NO_DIRECTION,
    };
  }

  private async replacePlanPairs(m: EntityManager, planId: string, pairIds: string[]): Promise<void> {
    await m.delete(PlanPairEntity, { planId });
    if (pairIds.length > 0)
      await m.insert(
        PlanPairEntity,
        pairIds.map((pairId) => ({ planId, pairId })),
      );
  }

  /** A pair deleted between the check and the write is reported like any unknown pair. */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const driverError = err instanceof QueryFailedError ? ((err as any).driverError ?? {}) : {};
      if (driverError.code === '23503' && driverError.constraint === 'fk_plan_pairs__pair_id') {
        throw validationFailed([
          {
            field: 'groups',
            rule: 'unknown-pair',
            message: 'a pair of the plan was deleted meanwhile; check the plan and retry',
          },
        ]);
      }
      throw err;
    }
  }
}

function firstPairId(plan: { groups: Array<{ pairIds: string[] }> }): string | undefined {
  return plan.groups.find((g) => g.pairIds.length > 0)?.pairIds[0];
}

function directionOf(sites: Map<string, PairSites>, pairId: string | undefined): PlanDirection {
  const found = pairId === undefined ? undefined : sites.get(pairId);
  return found ? { sourceSiteId: found.sourceSiteId, targetSiteId: found.targetSiteId } : NO_DIRECTION;
}

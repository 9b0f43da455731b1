import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ApplicationService } from '@twinsite/applications';
import { AuditService } from '@twinsite/audit';
import { ApiTokenService, IssuedToken } from '@twinsite/auth';
import { defaultSampleIntervalSeconds, parseArmResourceId } from '@twinsite/core';
import {
  Actor,
  changedFields,
  conflict,
  decodeCursor,
  encodeCursor,
  FieldViolation,
  lockForUpdate,
  notFound,
  poolQuery,
  PoolStatement,
  SecretBox,
  validationFailed,
} from '@twinsite/shared';
import { SiteService } from '@twinsite/sites';
import { CreatePairDto } from './dtos/create-pair.dto';
import { LagSourceKind } from './dtos/lag-source.dto';
import { ListPairsQuery } from './dtos/list-pairs.query';
import { PairTarget, PairTargetDto } from './dtos/pair-target.dto';
import { UpdatePairDto } from './dtos/update-pair.dto';
import { LagSourceSecrets, missingSecrets, splitLagSource } from './lag-source';
import {
  PAIR_LIST_COLUMNS,
  PAIR_LIST_INDEX,
  PairListValues,
  pairValuesJson,
  utcTextToIso,
} from './pair-list-json';
import { PairEntity } from './pair.entity';

export interface PairSites {
  sourceSiteId: string;
  targetSiteId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the lag monitor needs to reach a database lag source, the URLs opened for that call only. */
export interface OpenedLagSource extends LagSourceSecrets {
  kind: LagSourceKind;
  settings: Record<string, unknown>;
}

const LIST_FILTERS: Array<[keyof ListPairsQuery, string]> = [
  ['applicationId', 'application_id'],
  ['sourceSiteId', 'source_site_id'],
  ['targetSiteId', 'target_site_id'],
  ['state', 'state'],
  ['lagSourceKind', 'lag_source_kind'],
];

/**
 * The list's statement for one combination of filters and cursor (bit i: LIST_FILTERS[i];
 * the bit after them: a cursor), built once per shape. Rows come back as arrays (see
 * PAIR_LIST_COLUMNS). Only the unfiltered shapes are prepared: their plan (the
 * `(created_at, id)` index) is the right one for any parameters, while an equality
 * filter's best plan depends on how common the value is, which a cached generic plan
 * would not see.
 */
const LIST_STATEMENTS = new Map<number, PoolStatement>();
const FILTER_BITS = (1 << LIST_FILTERS.length) - 1;

function listStatement(shape: number): PoolStatement {
  let statement = LIST_STATEMENTS.get(shape);
  if (!statement) {
    const where: string[] = [];
    let n = 0;
    LIST_FILTERS.forEach(([, column], bit) => {
      if (shape & (1 << bit)) where.push(`p.${column} = $${++n}`);
    });
    if (shape & (1 << LIST_FILTERS.length)) {
      where.push(`(p.created_at, p.id) > ($${++n}::timestamptz, $${++n}::uuid)`);
    }
    statement = {
      name: shape & FILTER_BITS ? undefined : `twinsite_pairs_list_${shape}`,
      text: `SELECT ${PAIR_LIST_COLUMNS} FROM pairs p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY p.created_at, p.id LIMIT $${++n}`,
      rowMode: 'array',
    };
    LIST_STATEMENTS.set(shape, statement);
  }
  return statement;
}

@Injectable()
export class PairService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly applications: ApplicationService,
    private readonly sites: SiteService,
    private readonly tokens: ApiTokenService,
  ) {}

  async create(actor: Actor, input: CreatePairDto): Promise<PairEntity> {
    const application = await this.checkReferences(input);
    const lagSource = splitLagSource(input.lagSource as any);
    return this.db.transaction(async (m) => {
      const pair = await m.save(
        PairEntity,
        m.create(PairEntity, {
          applicationId: input.applicationId,
          sourceSiteId: input.sourceSiteId,
          targetSiteId: input.targetSiteId,
          name: input.name ?? parseArmResourceId(input.sourceResourceId)!.name,
          sourceResourceId: input.sourceResourceId,
          target: toStoredTarget(input.target),
          sampleIntervalSeconds:
            input.sampleIntervalSeconds ?? defaultSampleIntervalSeconds(application!.rpoSeconds),
          lagSourceKind: lagSource.kind,
          lagSourceSettings: lagSource.settings,
          lagSourceSecretsSealed: lagSource.secrets
            ? this.secrets.seal(JSON.stringify(lagSource.secrets))
            : null,
          lagSeconds: null,
          lastRecoveryPointAt: null,
        }),
      );
      await this.audit.record(m, actor, 'pair.create', 'pair', pair.id, { ...input });
      return pair;
    });
  }

  /**
   * One page, each item already the JSON the API sends (see pair-list-json.ts): one
   * statement on the `(created_at, id)` index, the sealed secrets never read (only
   * whether they are set), no lookups per row.
   */
  async listJson(query: ListPairsQuery): Promise<{ items: string[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    // Which filters are present picks one of a fixed set of statements (see listStatement).
    let shape = 0;
    LIST_FILTERS.forEach(([key], bit) => {
      const value = query[key];
      if (value === undefined) return;
      params.push(value);
      shape |= 1 << bit;
    });
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.createdAt, position.id);
      shape |= 1 << LIST_FILTERS.length;
    }
    params.push(limit + 1);
    const rows = await poolQuery<PairListValues>(this.db, listStatement(shape), params);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map(pairValuesJson),
      nextCursor: more
        ? encodeCursor({
            id: last[PAIR_LIST_INDEX.id] as string,
            createdAt: new Date(utcTextToIso(last[PAIR_LIST_INDEX.created_utc] as string)),
          })
        : null,
    };
  }

  async get(id: string): Promise<PairEntity> {
    const pair = await this.db.getRepository(PairEntity).findOneBy({ id });
    if (!pair) throw notFound('pair', id);
    return pair;
  }

  async findByIds(ids: string[]): Promise<PairEntity[]> {
    if (ids.length === 0) return [];
    return this.db
      .getRepository(PairEntity)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids })
      .getMany();
  }

  /**
   * The sites of each pair, for recovery plans: one lean query. Ids that are not
   * UUIDs, or name no pair, are simply absent from the map.
   */
  async sitesOf(ids: readonly unknown[]): Promise<Map<string, PairSites>> {
    const uuids = [...new Set(ids.filter((id): id is string => typeof id === 'string' && UUID.test(id)))];
    if (uuids.length === 0) return new Map();
    const rows: Array<{ id: string } & PairSites> = await this.db.query(
      `SELECT id, source_site_id AS "sourceSiteId", target_site_id AS "targetSiteId" FROM pairs WHERE id = ANY($1::uuid[])`,
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, { sourceSiteId: r.sourceSiteId, targetSiteId: r.targetSiteId }]));
  }

  async update(actor: Actor, id: string, patch: UpdatePairDto, expected?: number): Promise<PairEntity> {
    if (patch.applicationId !== undefined) await this.checkApplication(patch.applicationId);
    return this.db.transaction(async (m) => {
      const pair = await lockForUpdate(m, PairEntity, 'pair', id, expected ?? patch.version);
      const { version: _version, lagSource, target, ...fields } = patch;
      Object.assign(pair, changedFields(fields));
      if (target !== undefined) pair.target = toStoredTarget(target);
      if (lagSource !== undefined) {
        const next = splitLagSource(lagSource as any);
        let secrets = next.secrets;
        if (
          secrets &&
          missingSecrets(secrets).length > 0 &&
          pair.lagSourceKind === next.kind &&
          pair.lagSourceSecretsSealed
        ) {
          // Same kind, URLs left out: keep the stored ones (the client cannot read them back to resend them).
          secrets = { ...this.openSecrets(pair.lagSourceSecretsSealed), ...secrets };
        }
        const missing = missingSecrets(secrets);
        if (missing.length > 0) {
          throw validationFailed(
            missing.map((key) => ({
              field: `lagSource.${key}`,
              rule: 'isDefined',
              message: `lagSource.${key} is required when the lag source becomes ${next.kind}`,
            })),
          );
        }
        pair.lagSourceKind = next.kind;
        pair.lagSourceSettings = next.settings;
        pair.lagSourceSecretsSealed = secrets ? this.secrets.seal(JSON.stringify(secrets)) : null;
      }
      const saved = await m.save(pair);
      await this.audit.record(m, actor, 'pair.update', 'pair', id, changedFields(patch));
      return saved;
    });
  }

  /** Revokes the pair's agent tokens with it. Refused with 409 `still-referenced` while a plan holds the pair. */
  async remove(actor: Actor, id: string, expected?: number): Promise<void> {
    try {
      await this.db.transaction(async (m) => {
        const pair = await lockForUpdate(m, PairEntity, 'pair', id, expected);
        await this.tokens.revokeAgentTokens(m, id);
        await m.delete(PairEntity, { id });
        await this.audit.record(m, actor, 'pair.delete', 'pair', id, {
          name: pair.name,
          sourceResourceId: pair.sourceResourceId,
        });
      });
    } catch (err) {
      const referencedBy = referencingResource(err);
      if (referencedBy) {
        throw conflict(
          'still-referenced',
          `pair ${id} is still in use by ${referencedBy}; remove it from there first`,
          {
            resource: 'pair',
            id,
            referencedBy,
          },
        );
      }
      throw err;
    }
  }

  /**
   * A token for the guest agent of this pair (role `agent`, good for this pair's
   * checkpoints only). Issuing one revokes the pair's earlier agent tokens.
   */
  issueAgentToken(actor: Actor, id: string): Promise<IssuedToken> {
    return this.db.transaction(async (m) => {
      const pair = await lockForUpdate(m, PairEntity, 'pair', id);
      await this.tokens.revokeAgentTokens(m, id);
      return this.tokens.issue(actor, { name: `agent:${pair.name}`, role: 'agent', pairId: id }, m);
    });
  }

  /**
   * After a committed failover (called by the failover module, in its transaction):
   * the pair now replicates the other way. Sites swap, the source becomes the VM now
   * running at the former target, the target is what the caller gives, and a database
   * lag source's primary and replica URLs swap. Lag starts over.
   */
  async reverse(
    m: EntityManager,
    actor: Actor,
    id: string,
    next: { sourceResourceId: string; target: PairTarget },
  ): Promise<PairEntity> {
    const pair = await lockForUpdate(m, PairEntity, 'pair', id);
    const before = {
      sourceSiteId: pair.sourceSiteId,
      targetSiteId: pair.targetSiteId,
      sourceResourceId: pair.sourceResourceId,
    };
    [pair.sourceSiteId, pair.targetSiteId] = [pair.targetSiteId, pair.sourceSiteId];
    pair.sourceResourceId = next.sourceResourceId;
    pair.target = toStoredTarget(next.target as PairTargetDto);
    if (pair.lagSourceSecretsSealed) {
      const secrets = this.openSecrets(pair.lagSourceSecretsSealed);
      pair.lagSourceSecretsSealed = this.secrets.seal(
        JSON.stringify({ primaryUrl: secrets.replicaUrl, replicaUrl: secrets.primaryUrl }),
      );
    }
    pair.state = 'initial';
    pair.lagSeconds = null;
    pair.lastRecoveryPointAt = null;
    pair.lagStale = false;
    const saved = await m.save(pair);
    // The sampler's own state of the pair, and the checkpoints of the old direction, start over too.
    await m.query(
      `UPDATE pairs SET lag_failures = 0, lag_observed_at = NULL, lag_error = NULL, lag_diagnostics = NULL, last_sampled_at = NULL, next_due_at = now()
       WHERE id = $1`,
      [id],
    );
    await m.query(`DELETE FROM agent_checkpoints WHERE pair_id = $1`, [id]);
    await this.audit.record(m, actor, 'pair.reprotect', 'pair', id, {
      before,
      after: {
        sourceSiteId: saved.sourceSiteId,
        targetSiteId: saved.targetSiteId,
        sourceResourceId: saved.sourceResourceId,
        target: saved.target,
      },
      lagSourceUrlsSwapped: !!pair.lagSourceSecretsSealed,
    });
    return saved;
  }

  /** The lag source with its URLs opened, for the lag monitor; null for kinds without credentials. */
  async getSecrets(pairId: string): Promise<OpenedLagSource | null> {
    const pair = await this.db
      .getRepository(PairEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.lagSourceKind', 'p.lagSourceSettings', 'p.lagSourceSecretsSealed'])
      .where('p.id = :pairId', { pairId })
      .getOne();
    if (!pair) throw notFound('pair', pairId);
    if (!pair.lagSourceSecretsSealed) return null;
    const secrets = this.openSecrets(pair.lagSourceSecretsSealed);
    return {
      kind: pair.lagSourceKind,
      settings: pair.lagSourceSettings,
      primaryUrl: secrets.primaryUrl,
      replicaUrl: secrets.replicaUrl,
    };
  }

  private openSecrets(sealed: string): LagSourceSecrets {
    return JSON.parse(this.secrets.open(sealed)) as LagSourceSecrets;
  }

  /** Every broken reference at once, as field violations; the application for its RPO. */
  private async checkReferences(
    input: Pick<CreatePairDto, 'applicationId' | 'sourceSiteId' | 'targetSiteId'>,
  ) {
    const violations: FieldViolation[] = [];
    const [applications, sites] = await Promise.all([
      this.applications.findByIds([input.applicationId]),
      this.sites.findByIds([...new Set([input.sourceSiteId, input.targetSiteId])]),
    ]);
    if (applications.length === 0) {
      violations.push({
        field: 'applicationId',
        rule: 'exists',
        message: `application ${input.applicationId} does not exist`,
      });
    }
    for (const field of ['sourceSiteId', 'targetSiteId'] as const) {
      if (!sites.some((s) => s.id === input[field])) {
        violations.push({ field, rule: 'exists', message: `site ${input[field]} does not exist` });
      }
    }
    if (input.sourceSiteId === input.targetSiteId) {
      violations.push({
        field: 'targetSiteId',
        rule: 'different-site',
        message: 'targetSiteId must be another site than sourceSiteId',
      });
    }
    if (violations.length > 0) throw validationFailed(violations);
    return applications[0];
  }

  private async checkApplication(applicationId: string): Promise<void> {
    if ((await this.applications.findByIds([applicationId])).length === 0) {
      throw validationFailed([
        { field: 'applicationId', rule: 'exists', message: `application ${applicationId} does not exist` },
      ]);
    }
  }
}

function toStoredTarget(target: PairTargetDto): PairTarget {
  const stored = Object.fromEntries(
    Object.entries(target).filter(([, v]) => v !== undefined && v !== null),
  ) as PairTarget;
  stored.mode = target.mode ?? 'from-recovery-point';
  return stored;
}

/** `fk_<table>__<column>` names what still points at the pair (`plan_pairs` → `plans`). */
function referencingResource(err: unknown): string | null {
  if (!(err instanceof QueryFailedError)) return null;
  const driverError = (err as any).driverError ?? {};
  if (driverError.code !== '23503') return null;
  const table = /^fk_([a-z_]+?)__/.exec(String(driverError.constraint ?? ''))?.[1] ?? 'another resource';
  return table === 'plan_pairs' ? 'recovery plans' : table.replace(/_/g, ' ');
}

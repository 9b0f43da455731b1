import * as crypto from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import {
  Actor,
  notFound,
  poolQuery,
  PoolStatement,
  SYSTEM_ACTOR,
  TWINSITE_CONFIG,
  TwinsiteConfig,
} from '@twinsite/shared';
import { ApiTokenEntity } from './api-token.entity';

export interface IssuedToken {
  token: ApiTokenEntity;
  /** The token's value: shown once, stored only as a hash. */
  value: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Every request's lookup: by the unique index on the hash, only what the guard needs,
 * prepared once per connection, each column of a fixed type (PostgreSQL refuses to run
 * a prepared statement again once its result types change, e.g. after a migration).
 * `last_used_ms` is epoch milliseconds, so no Date is parsed per request.
 */
const AUTHENTICATE: PoolStatement = {
  name: 'twinsite_api_token_authenticate',
  text: `SELECT id::text AS id, name::text AS name, role::text AS role, pair_id::text AS pair_id,
    revoked_at IS NOT NULL AS revoked, (extract(epoch FROM last_used_at) * 1000)::float8 AS last_used_ms
    FROM api_tokens WHERE token_hash = $1`,
};

interface AuthenticateRow {
  id: string;
  name: string;
  role: ApiTokenEntity['role'];
  pair_id: string | null;
  revoked: boolean;
  last_used_ms: number | null;
}

@Injectable()
export class ApiTokenService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiTokenService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(TWINSITE_CONFIG) private readonly config: TwinsiteConfig,
  ) {}

  static hash(value: string): string {
    return crypto.createHash('sha256').update(value).digest('hex');
  }

  static generate(): string {
    return `tws_${crypto.randomBytes(32).toString('base64url')}`;
  }

  /** The first admin comes from TWINSITE_ADMIN_TOKEN; a revoked one stays revoked. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.adminToken) return;
    await this.ensureToken(this.config.adminToken, 'bootstrap-admin', 'admin');
  }

  async ensureToken(value: string, name: string, role: 'viewer' | 'operator' | 'admin'): Promise<void> {
    const tokenHash = ApiTokenService.hash(value);
    await this.db.transaction(async (m) => {
      const existing = await m.findOneBy(ApiTokenEntity, { tokenHash });
      if (existing) return;
      const token = await m.save(
        ApiTokenEntity,
        m.create(ApiTokenEntity, { name, role, tokenHash, prefix: value.slice(0, 8) }),
      );
      await this.audit.record(m, SYSTEM_ACTOR, 'token.create', 'token', token.id, { name, role });
      this.logger.log(`created token "${name}" (${role})`);
    });
  }

  /** Resolves a bearer value to its actor, or null when unknown or revoked. One indexed lookup, so revocation is immediate. */
  async authenticate(value: string): Promise<Actor | null> {
    const [token] = await poolQuery<AuthenticateRow>(this.db, AUTHENTICATE, [ApiTokenService.hash(value)]);
    if (!token || token.revoked) return null;
    if (token.last_used_ms === null || Date.now() - token.last_used_ms > LAST_USED_RESOLUTION_MS) {
      // Best effort and coarse: a write per request would double the cost of every read.
      void this.db
        .getRepository(ApiTokenEntity)
        .update({ id: token.id }, { lastUsedAt: new Date() })
        .catch(() => undefined);
    }
    return { tokenId: token.id, name: token.name, role: token.role, pairId: token.pair_id };
  }

  async issue(
    actor: Actor,
    input: { name: string; role: 'viewer' | 'operator' | 'admin' | 'agent'; pairId?: string | null },
    manager?: EntityManager,
  ): Promise<IssuedToken> {
    const run = async (m: EntityManager) => {
      const value = ApiTokenService.generate();
      const token = await m.save(
        ApiTokenEntity,
        m.create(ApiTokenEntity, {
          name: input.name,
          role: input.role,
          pairId: input.pairId ?? null,
          tokenHash: ApiTokenService.hash(value),
          prefix: value.slice(0, 8),
          createdBy: actor.name,
        }),
      );
      await this.audit.record(m, actor, 'token.create', 'token', token.id, {
        name: input.name,
        role: input.role,
        pairId: input.pairId ?? null,
      });
      return { token, value };
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  list(): Promise<ApiTokenEntity[]> {
    return this.db.getRepository(ApiTokenEntity).find({ order: { createdAt: 'ASC' } });
  }

  async revoke(actor: Actor, id: string): Promise<ApiTokenEntity> {
    return this.db.transaction(async (m) => {
      const token = await m.findOneBy(ApiTokenEntity, { id });
      if (!token) throw notFound('token', id);
      if (!token.revokedAt) {
        token.revokedAt = new Date();
        await m.save(token);
        await this.audit.record(m, actor, 'token.revoke', 'token', id, { name: token.name });
      }
      return token;
    });
  }

  /** Revokes every agent token of a pair (when the pair is deleted or its token rotated). */
  async revokeAgentTokens(m: EntityManager, pairId: string): Promise<void> {
    await m.update(ApiTokenEntity, { pairId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}

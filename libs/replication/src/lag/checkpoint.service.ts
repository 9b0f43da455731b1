import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound, validationFailed } from '@twinsite/shared';
import type { CheckpointConsistency, CheckpointDto } from './dtos/checkpoint.dto';
import { LAG_SETTINGS, LagSettings } from './lag-settings';

export interface StoredCheckpoint {
  pairId: string;
  recoveryPointAt: string;
  consistency: CheckpointConsistency;
  receivedAt: string;
}

/**
 * Agent pushes. Idempotent: a checkpoint is identified by its pair and time, so an
 * agent that retries after a lost answer stores it once. The pair's
 * `lastRecoveryPointAt` only moves forward (a late, older checkpoint is kept but
 * changes nothing), without touching the pair's version.
 */
@Injectable()
export class CheckpointService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(LAG_SETTINGS) private readonly settings: LagSettings,
  ) {}

  async push(
    pairId: string,
    input: CheckpointDto,
    nowMs = Date.now(),
  ): Promise<{ checkpoint: StoredCheckpoint; created: boolean }> {
    const atMs = Date.parse(input.recoveryPointAt);
    if (!Number.isFinite(atMs)) {
      throw validationFailed([
        {
          field: 'recoveryPointAt',
          rule: 'isISO8601',
          message: 'recoveryPointAt must be an ISO 8601 date-time',
        },
      ]);
    }
    const aheadSeconds = (atMs - nowMs) / 1000;
    if (aheadSeconds > this.settings.checkpointSkewSeconds) {
      throw validationFailed([
        {
          field: 'recoveryPointAt',
          rule: 'not-in-future',
          message: `recoveryPointAt is ${Math.ceil(aheadSeconds)} s in the future, more than the ${this.settings.checkpointSkewSeconds} s clock skew allowed; check the agent's clock`,
        },
      ]);
    }
    const at = new Date(atMs);
    const [row] = await this.db.query(
      `WITH pair AS (SELECT id FROM pairs WHERE id = $1),
       inserted AS (
         INSERT INTO agent_checkpoints (pair_id, recovery_point_at, consistency)
         SELECT id, $2, $3 FROM pair
         ON CONFLICT (pair_id, recovery_point_at) DO NOTHING
         RETURNING consistency, received_at),
       moved AS (
         UPDATE pairs p SET last_recovery_point_at = $2 FROM pair
         WHERE p.id = pair.id AND (p.last_recovery_point_at IS NULL OR p.last_recovery_point_at < $2)
         RETURNING p.id)
       SELECT EXISTS (SELECT 1 FROM pair) AS found, i.consistency, i.received_at, (SELECT count(*) FROM moved) AS moved
       FROM (SELECT 1) one LEFT JOIN inserted i ON true`,
      [pairId, at, input.consistency],
    );
    if (!row.found) throw notFound('pair', pairId);
    if (row.received_at) {
      return {
        checkpoint: {
          pairId,
          recoveryPointAt: at.toISOString(),
          consistency: row.consistency,
          receivedAt: row.received_at.toISOString(),
        },
        created: true,
      };
    }
    // Pushed before: answer with what was stored then.
    const [stored] = await this.db.query(
      `SELECT consistency, received_at FROM agent_checkpoints WHERE pair_id = $1 AND recovery_point_at = $2`,
      [pairId, at],
    );
    return {
      checkpoint: {
        pairId,
        recoveryPointAt: at.toISOString(),
        consistency: stored?.consistency ?? input.consistency,
        receivedAt: stored?.received_at?.toISOString() ?? new Date(nowMs).toISOString(),
      },
      created: false,
    };
  }
}

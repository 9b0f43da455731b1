import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LagCycle, LagSource, LagSourcePair, LagSourceReading } from '../lag-source.port';
import { uuidArray } from '../pg-array';

/**
 * `agent`: a guest agent, a partner product or a script pushes checkpoints
 * (`POST /api/v1/pairs/{id}/checkpoints`); the newest one is the pair's recovery
 * point. One query for the whole batch, an index probe per pair.
 *
 * The checkpoints live in the controller's own database, so a failure here is our
 * outage, not the source's: it is thrown, and the sampler pauses.
 */
@Injectable()
export class AgentLagSource implements LagSource {
  readonly kind = 'agent' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(pairs: readonly LagSourcePair[], _cycle?: LagCycle): Promise<Map<string, LagSourceReading>> {
    const results = new Map<string, LagSourceReading>();
    if (pairs.length === 0) return results;
    // One JSON document rather than a row per pair: node-postgres decodes each field of
    // each row on its own, one JSON.parse is far cheaper (as for the claim, `CLAIM_SQL`).
    const [{ rows }]: Array<{ rows: string }> = await this.db.query(
      `SELECT coalesce(json_agg(newest), '[]')::text AS rows FROM (
         SELECT p.id, (extract(epoch FROM c.recovery_point_at) * 1000)::float8 AS rp,
                (extract(epoch FROM c.received_at) * 1000)::float8 AS received
         FROM unnest($1::uuid[]) AS p(id)
         CROSS JOIN LATERAL (
           SELECT recovery_point_at, received_at FROM agent_checkpoints
           WHERE pair_id = p.id ORDER BY recovery_point_at DESC LIMIT 1) c) newest`,
      [uuidArray(pairs.map((p) => p.id))],
    );
    for (const row of JSON.parse(rows) as Array<{ id: string; rp: number; received: number }>) {
      results.set(row.id, { ok: true, recoveryPointAt: row.rp, receivedAtMs: row.received });
    }
    for (const pair of pairs) {
      if (!results.has(pair.id)) {
        results.set(pair.id, {
          ok: false,
          code: 'no-checkpoint',
          error: 'the agent has pushed no checkpoint yet',
        });
      }
    }
    return results;
  }
}

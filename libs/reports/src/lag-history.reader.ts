import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LagSample } from '@twinsite/core';
import { historyToSamples, PairLagHistory, RollupResolution, RollupRow } from './lag-history';

export interface LagHistoryOptions {
  /** Per pair: the smallest spacing of samples replayed from rollups (see `ReplayOptions`). */
  minSpacingMs?: (pairId: string) => number;
}

/**
 * Where compliance reads lag history from. Per pair, the samples over [from, to):
 * sorted, starting with the last one before `from` when there is one (core needs it
 * to cover the start of the window). Pairs without history are absent or empty.
 */
export interface LagHistoryReader {
  samples(
    pairIds: readonly string[],
    from: Date,
    to: Date,
    options?: LagHistoryOptions,
  ): Promise<Map<string, LagSample[]>>;
}

export const LAG_HISTORY_READER = Symbol('LAG_HISTORY_READER');

/** Pairs per round of queries: bounds the memory one chunk of history takes. */
const CHUNK = 200;

/**
 * Reads the lag sampler's tables (owned by libs/replication): `lag_samples` where raw
 * samples are retained, `lag_rollups` (`minute`, then `hour`) for older time.
 * Three queries per chunk of pairs at most, each an index range scan per pair.
 */
@Injectable()
export class SqlLagHistoryReader implements LagHistoryReader {
  private readonly logger = new Logger('reports');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async samples(
    pairIds: readonly string[],
    from: Date,
    to: Date,
    options: LagHistoryOptions = {},
  ): Promise<Map<string, LagSample[]>> {
    const result = new Map<string, LagSample[]>();
    const ids = [...new Set(pairIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      let histories: Map<string, PairLagHistory>;
      try {
        histories = await this.read(chunk, from, to);
      } catch (error) {
        // The sampler's tables are created by its own migration; until they exist there is no history.
        if ((error as any)?.driverError?.code === '42P01' || (error as any)?.code === '42P01') {
          this.logger.warn(`no lag history tables yet: ${(error as Error).message}`);
          return result;
        }
        throw error;
      }
      for (const [pairId, history] of histories) {
        result.set(pairId, historyToSamples(history, { minSpacingMs: options.minSpacingMs?.(pairId) }));
      }
    }
    return result;
  }

  private async read(pairIds: string[], from: Date, to: Date): Promise<Map<string, PairLagHistory>> {
    const histories = new Map<string, PairLagHistory>(
      pairIds.map((id) => [id, { raw: [], minute: [], hour: [] }]),
    );
    const raw: Array<{ pair_id: string; at: Date; lag_seconds: number | null; stale: boolean | null }> =
      await this.db.query(
        `SELECT pair_id, at, lag_seconds, stale FROM (
         SELECT s.pair_id, s.at, s.lag_seconds, s.stale FROM lag_samples s
         WHERE s.pair_id = ANY ($1::uuid[]) AND s.at >= $2 AND s.at < $3
         UNION ALL
         SELECT p.id, l.at, l.lag_seconds, l.stale FROM unnest($1::uuid[]) AS p(id)
         CROSS JOIN LATERAL (
           SELECT at, lag_seconds, stale FROM lag_samples WHERE pair_id = p.id AND at < $2 ORDER BY at DESC LIMIT 1) l
       ) x ORDER BY pair_id, at`,
        [pairIds, from, to],
      );
    for (const row of raw) {
      histories
        .get(row.pair_id)!
        .raw.push({
          atMs: row.at.getTime(),
          lagSeconds: row.lag_seconds === null ? null : Number(row.lag_seconds),
          stale: row.stale === true,
        });
    }
    // Rollups only where raw samples do not reach back to the start of the window.
    const rawStart = (id: string) => histories.get(id)!.raw[0]?.atMs ?? to.getTime();
    const needMinutes = pairIds.filter((id) => rawStart(id) > from.getTime());
    await this.readRollups(histories, 'minute', needMinutes, rawStart, from);
    const minuteStart = (id: string) => histories.get(id)!.minute[0]?.bucketStartMs ?? rawStart(id);
    const needHours = needMinutes.filter((id) => minuteStart(id) > from.getTime());
    await this.readRollups(histories, 'hour', needHours, minuteStart, from);
    return histories;
  }

  /** Buckets from the last one starting at or before `from` up to `until(pair)`. */
  private async readRollups(
    histories: Map<string, PairLagHistory>,
    resolution: RollupResolution,
    pairIds: string[],
    until: (pairId: string) => number,
    from: Date,
  ): Promise<void> {
    if (pairIds.length === 0) return;
    const rows: Array<{
      pair_id: string;
      bucket_start: Date;
      max_lag: number | null;
      samples: number | null;
    }> = await this.db.query(
      `SELECT p.id AS pair_id, r.bucket_start, r.max_lag, r.samples
       FROM unnest($1::uuid[], $2::timestamptz[]) AS p(id, until)
       CROSS JOIN LATERAL (
         SELECT bucket_start, max_lag, samples FROM lag_rollups
         WHERE pair_id = p.id AND resolution = $4 AND bucket_start < p.until
           AND bucket_start >= coalesce(
             (SELECT max(x.bucket_start) FROM lag_rollups x WHERE x.pair_id = p.id AND x.resolution = $4 AND x.bucket_start <= $3), $3)
       ) r
       ORDER BY p.id, r.bucket_start`,
      [pairIds, pairIds.map((id) => new Date(until(id))), from, resolution],
    );
    for (const row of rows) {
      const bucket: RollupRow = {
        bucketStartMs: row.bucket_start.getTime(),
        maxLag: row.max_lag === null ? null : Number(row.max_lag),
        samples: Number(row.samples ?? 1),
      };
      histories.get(row.pair_id)![resolution].push(bucket);
    }
  }
}

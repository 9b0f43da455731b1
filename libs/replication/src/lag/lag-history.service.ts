import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TWINSITE_CONFIG, TwinsiteConfig } from '@twinsite/shared';
import { LAG_SETTINGS, LagSettings } from './lag-settings';
import { chooseLagResolution, LagTier } from './lag-resolution';

/** Any constant; the same for every controller instance. */
const COMPACTION_LOCK_KEY = 7_201_455_017;
/** Samples may still arrive for a minute this long after it ends (a slow batch): it is rolled up again. */
const SLACK_MS = 2 * 60_000;
/** A backlog (a controller that was down, a first run) is rolled up in chunks of this many hours. */
const CHUNK_MS = 6 * 3_600_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface CompactionResult {
  /** Another instance held the compaction lock: nothing done here. */
  skipped: boolean;
  minuteRows: number;
  hourRows: number;
  deletedSamples: number;
  deletedMinuteRows: number;
  deletedHourRows: number;
  deletedCheckpoints: number;
}

export interface LagSourceStatus {
  sampledAt: string | null;
  stale: boolean;
  consecutiveFailures: number;
  error: string | null;
  diagnostics: Record<string, unknown> | null;
}

export interface LagPoint {
  at: string;
  lagSeconds: number | null;
  maxLagSeconds: number | null;
}

/**
 * Lag history: raw samples for the raw retention window (48 h by default), minute
 * rollups after that (7 days), hour rollups for the long run (400 days). The
 * compaction job rolls closed minutes up from samples and closed hours up from
 * minutes, then drops what is past retention. It is idempotent (`ON CONFLICT DO
 * UPDATE`, the last minutes re-rolled for late samples) and one instance at a time
 * runs it (a transaction-level advisory lock; the others skip that round).
 */
@Injectable()
export class LagHistoryService {
  private readonly logger = new Logger('lag-history');
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TWINSITE_CONFIG) private readonly config: TwinsiteConfig,
    @Inject(LAG_SETTINGS) private readonly settings: LagSettings,
  ) {}

  @Interval('lag-compaction', 60_000)
  async tick(): Promise<void> {
    if (!this.config.schedulersEnabled || this.running) return;
    this.running = true;
    try {
      await this.compactNow();
    } catch (error) {
      this.logger.warn(`lag compaction round failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** One compaction round as of `nowMs`. Tools, tests and the benchmark call it directly. */
  async compactNow(nowMs = Date.now()): Promise<CompactionResult> {
    return this.db.transaction(async (m) => {
      const result: CompactionResult = {
        skipped: false,
        minuteRows: 0,
        hourRows: 0,
        deletedSamples: 0,
        deletedMinuteRows: 0,
        deletedHourRows: 0,
        deletedCheckpoints: 0,
      };
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        COMPACTION_LOCK_KEY,
      ]);
      if (!locked) return { ...result, skipped: true };
      const marks = await this.watermarks(m);
      const rawCutoff = nowMs - this.settings.rawRetentionHours * HOUR_MS;

      // Minutes: from the last watermark (less the slack) to the last closed minute.
      const minuteEnd = Math.floor((nowMs - 5_000) / MINUTE_MS) * MINUTE_MS;
      // The very first round starts at the oldest sample (a one-off scan; on a new install the table is empty).
      const minuteStart =
        marks.minute !== null
          ? marks.minute - SLACK_MS
          : Math.floor(
              (await this.oldest(m, `SELECT min(at) AS t FROM lag_samples`, minuteEnd)) / MINUTE_MS,
            ) * MINUTE_MS;
      for (let start = minuteStart; start < minuteEnd; start += CHUNK_MS) {
        const end = Math.min(minuteEnd, start + CHUNK_MS);
        result.minuteRows += await this.rollMinutes(m, start, end);
      }
      if (minuteEnd > (marks.minute ?? -Infinity)) await this.setWatermark(m, 'minute', minuteEnd);

      // Hours: from closed minutes.
      const hourEnd = Math.floor(minuteEnd / HOUR_MS) * HOUR_MS;
      const hourStart =
        marks.hour !== null
          ? marks.hour - HOUR_MS
          : Math.floor(
              (await this.oldest(
                m,
                `SELECT min(bucket_start) AS t FROM lag_rollups WHERE resolution = 'minute'`,
                hourEnd,
              )) / HOUR_MS,
            ) * HOUR_MS;
      for (let start = hourStart; start < hourEnd; start += CHUNK_MS * 4) {
        const end = Math.min(hourEnd, start + CHUNK_MS * 4);
        result.hourRows += await this.rollHours(m, start, end);
      }
      if (hourEnd > (marks.hour ?? -Infinity)) await this.setWatermark(m, 'hour', hourEnd);

      // Retention. Raw samples only once their minutes are rolled up.
      const sampleCutoff = Math.min(rawCutoff, minuteEnd);
      result.deletedSamples = await this.count(
        m,
        `DELETE FROM lag_samples WHERE at < to_timestamp($1::float8 / 1000)`,
        [sampleCutoff],
      );
      result.deletedMinuteRows = await this.count(
        m,
        `DELETE FROM lag_rollups WHERE resolution = 'minute' AND bucket_start < to_timestamp($1::float8 / 1000)`,
        [Math.min(nowMs - this.settings.minuteRetentionDays * 24 * HOUR_MS, hourEnd)],
      );
      result.deletedHourRows = await this.count(
        m,
        `DELETE FROM lag_rollups WHERE resolution = 'hour' AND bucket_start < to_timestamp($1::float8 / 1000)`,
        [nowMs - this.settings.hourRetentionDays * 24 * HOUR_MS],
      );
      // Old checkpoints go too, except each pair's newest (it is still the pair's recovery point).
      result.deletedCheckpoints = await this.count(
        m,
        `DELETE FROM agent_checkpoints c WHERE c.received_at < to_timestamp($1::float8 / 1000)
           AND EXISTS (SELECT 1 FROM agent_checkpoints n WHERE n.pair_id = c.pair_id AND n.recovery_point_at > c.recovery_point_at)`,
        [rawCutoff],
      );
      return result;
    });
  }

  /** `GET /pairs/{id}/lag`: at most ~500 points over [from, to), from the tier that fits. */
  async points(
    pairId: string,
    sampleIntervalSeconds: number,
    fromMs: number,
    toMs: number,
    nowMs = Date.now(),
  ) {
    const resolution = chooseLagResolution({
      fromMs,
      toMs,
      nowMs,
      sampleIntervalSeconds,
      rawRetentionMs: this.settings.rawRetentionHours * HOUR_MS,
      minuteRetentionMs: this.settings.minuteRetentionDays * 24 * HOUR_MS,
    });
    if (resolution.tier === 'raw') {
      const rows: Array<{ at_ms: number; lag: number | null }> = await this.db.query(
        `SELECT (extract(epoch FROM at) * 1000)::float8 AS at_ms, lag_seconds::float8 AS lag FROM lag_samples
         WHERE pair_id = $1 AND at >= to_timestamp($2::float8 / 1000) AND at < to_timestamp($3::float8 / 1000)
         ORDER BY at LIMIT 2000`,
        [pairId, fromMs, toMs],
      );
      return {
        resolution,
        points: rows.map(
          (r): LagPoint => ({ at: new Date(r.at_ms).toISOString(), lagSeconds: r.lag, maxLagSeconds: r.lag }),
        ),
      };
    }
    const marks = await this.watermarks(this.db.manager);
    const points = await this.bucketed(
      pairId,
      resolution.tier,
      resolution.bucketSeconds! * 1000,
      fromMs,
      toMs,
      marks,
    );
    return { resolution, points };
  }

  /**
   * The latest reading's facts about the source, for operators: when it was sampled,
   * whether the lag is extrapolated, the read error and the source's diagnostics
   * (`pg_stat_replication`, replay position, `SHOW REPLICA STATUS`, ...).
   */
  async sourceStatus(pairId: string): Promise<LagSourceStatus | null> {
    const [row] = await this.db.query(
      `SELECT last_sampled_at, lag_stale, lag_failures, lag_error, lag_diagnostics FROM pairs WHERE id = $1`,
      [pairId],
    );
    if (!row) return null;
    return {
      sampledAt: row.last_sampled_at ? (row.last_sampled_at as Date).toISOString() : null,
      stale: row.lag_stale,
      consecutiveFailures: row.lag_failures,
      error: row.lag_error,
      diagnostics: row.lag_diagnostics,
    };
  }

  /**
   * Buckets over the tiers without double counting: hour rollups up to the hour
   * watermark, minute rollups from there to the minute watermark, raw samples after.
   */
  private async bucketed(
    pairId: string,
    tier: LagTier,
    bucketMs: number,
    fromMs: number,
    toMs: number,
    marks: Watermarks,
  ): Promise<LagPoint[]> {
    const minuteMark = marks.minute ?? fromMs;
    const hourMark = tier === 'hour' ? (marks.hour ?? fromMs) : fromMs;
    const rows: Array<{ bucket_ms: number; avg: number | null; max: number | null }> = await this.db.query(
      `WITH src AS (
         SELECT bucket_start AS t, max_lag, avg_lag, samples FROM lag_rollups
         WHERE pair_id = $1 AND resolution = 'hour' AND bucket_start >= to_timestamp($2::float8 / 1000)
           AND bucket_start < to_timestamp(least($3::float8, $4::float8) / 1000)
         UNION ALL
         SELECT bucket_start, max_lag, avg_lag, samples FROM lag_rollups
         WHERE pair_id = $1 AND resolution = 'minute' AND bucket_start >= to_timestamp(greatest($2::float8, $4::float8) / 1000)
           AND bucket_start < to_timestamp(least($3::float8, $5::float8) / 1000)
         UNION ALL
         SELECT at, lag_seconds, lag_seconds, 1 FROM lag_samples
         WHERE pair_id = $1 AND at >= to_timestamp(greatest($2::float8, $5::float8) / 1000) AND at < to_timestamp($3::float8 / 1000)
       )
       SELECT (floor(extract(epoch FROM t) * 1000 / $6::float8) * $6::float8)::float8 AS bucket_ms,
              (sum(avg_lag * samples) / nullif(sum(samples) FILTER (WHERE avg_lag IS NOT NULL), 0))::float8 AS avg,
              max(max_lag)::float8 AS max
       FROM src GROUP BY 1 ORDER BY 1`,
      [pairId, fromMs, toMs, hourMark, minuteMark, bucketMs],
    );
    return rows.map((r) => ({
      at: new Date(r.bucket_ms).toISOString(),
      lagSeconds: r.avg,
      maxLagSeconds: r.max,
    }));
  }

  private rollMinutes(m: EntityManager, startMs: number, endMs: number): Promise<number> {
    return this.count(
      m,
      `INSERT INTO lag_rollups (pair_id, resolution, bucket_start, max_lag, min_lag, avg_lag, samples)
       SELECT pair_id, 'minute', date_trunc('minute', at), max(lag_seconds), min(lag_seconds), avg(lag_seconds), count(*)
       FROM lag_samples WHERE at >= to_timestamp($1::float8 / 1000) AND at < to_timestamp($2::float8 / 1000)
       GROUP BY 1, 3
       ON CONFLICT (pair_id, resolution, bucket_start) DO UPDATE SET max_lag = EXCLUDED.max_lag, min_lag = EXCLUDED.min_lag,
         avg_lag = EXCLUDED.avg_lag, samples = EXCLUDED.samples`,
      [startMs, endMs],
    );
  }

  private rollHours(m: EntityManager, startMs: number, endMs: number): Promise<number> {
    return this.count(
      m,
      `INSERT INTO lag_rollups (pair_id, resolution, bucket_start, max_lag, min_lag, avg_lag, samples)
       SELECT pair_id, 'hour', date_trunc('hour', bucket_start), max(max_lag), min(min_lag),
              sum(avg_lag * samples) / nullif(sum(samples) FILTER (WHERE avg_lag IS NOT NULL), 0), sum(samples)
       FROM lag_rollups WHERE resolution = 'minute'
         AND bucket_start >= to_timestamp($1::float8 / 1000) AND bucket_start < to_timestamp($2::float8 / 1000)
       GROUP BY 1, 3
       ON CONFLICT (pair_id, resolution, bucket_start) DO UPDATE SET max_lag = EXCLUDED.max_lag, min_lag = EXCLUDED.min_lag,
         avg_lag = EXCLUDED.avg_lag, samples = EXCLUDED.samples`,
      [startMs, endMs],
    );
  }

  private async oldest(m: EntityManager, sql: string, fallbackMs: number): Promise<number> {
    const [row] = await m.query(sql);
    return row?.t ? Math.min((row.t as Date).getTime(), fallbackMs) : fallbackMs;
  }

  private async watermarks(m: EntityManager): Promise<Watermarks> {
    const rows: Array<{ resolution: 'minute' | 'hour'; ms: number }> = await m.query(
      `SELECT resolution, (extract(epoch FROM rolled_until) * 1000)::float8 AS ms FROM lag_compaction_state`,
    );
    const get = (r: 'minute' | 'hour') => rows.find((row) => row.resolution === r)?.ms ?? null;
    return { minute: get('minute'), hour: get('hour') };
  }

  private async setWatermark(m: EntityManager, resolution: 'minute' | 'hour', ms: number): Promise<void> {
    await m.query(
      `INSERT INTO lag_compaction_state (resolution, rolled_until) VALUES ($1, to_timestamp($2::float8 / 1000))
       ON CONFLICT (resolution) DO UPDATE SET rolled_until = GREATEST(lag_compaction_state.rolled_until, EXCLUDED.rolled_until)`,
      [resolution, ms],
    );
  }

  /** Rows a statement touched. */
  private async count(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
    const runner = m.queryRunner ?? this.db.createQueryRunner();
    try {
      const result = await runner.query(sql, params, true);
      return result.affected ?? 0;
    } finally {
      if (!m.queryRunner) await runner.release();
    }
  }
}

interface Watermarks {
  minute: number | null;
  hour: number | null;
}

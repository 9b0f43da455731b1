import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertsService, PairAlertInput } from '@twinsite/alerts';
import { ApplicationService } from '@twinsite/applications';
import {
  evaluateRpoCondition,
  evaluateSourceFailing,
  LagReading,
  nextDueAt,
  resolveLagReading,
  RpoCondition,
  sampleOffsetMs,
} from '@twinsite/core';
import { EventsService, PublishedEvent } from '@twinsite/events';
import { SecretBox, TWINSITE_CONFIG, TwinsiteConfig } from '@twinsite/shared';
import { isDatabaseKind, LagSourceSecrets } from '../lag-source';
import { CLAIM_SQL, ClaimedPair, parseClaimedPairs } from './claimed-pairs';
import { LAG_SETTINGS, LagSettings } from './lag-settings';
import { LAG_SOURCES, LagCycle, LagSource, LagSourcePair, LagSourceReading } from './lag-source.port';
import { LagMetrics } from './lag.metrics';
import { booleanArray, numberArray, textArray, uuidArray } from './pg-array';
import {
  holdCondition,
  pairStateAfter,
  previousReading,
  toSourceResult,
  UNSAMPLED_STATES,
} from './sample-rules';

/**
 * After the controller itself was away from its database (or restarted), an agent's
 * pushes in the meantime were refused: for this long, a pair whose newest checkpoint
 * arrived before we came back may not open RPO alerts on that checkpoint alone.
 */
const AGENT_RESUME_GRACE_MS = 60_000;
/** A slot closer than this to the write is skipped for the next one (no double sample in one slot). */
const NEXT_SLOT_MARGIN_MS = 250;
/** A bug (not an outage) is logged at most this often. */
const ERROR_LOG_INTERVAL_MS = 60_000;

/** The batch, column by column, as the write statement takes it. */
interface BatchArrays {
  ids: string[];
  states: string[];
  lags: Array<number | null>;
  rps: Array<number | null>;
  stales: boolean[];
  failings: boolean[];
  failures: number[];
  observed: Array<number | null>;
  errors: Array<string | null>;
  diagnostics: Array<string | null>;
  claimed: number[];
  next: number[];
  versions: number[];
}

export interface SweepSummary {
  /** Pairs whose sample was written. */
  sampled: number;
  /** Pairs claimed (sampled, skipped because paused/failed over, or lost to a concurrent edit). */
  claimed: number;
  batches: number;
  failing: number;
  /** Set when the sweep stopped because the controller's own database was unavailable. */
  paused?: 'database-unavailable';
}

/**
 * Samples every pair's lag on its own schedule.
 *
 * A 1 s tick claims the pairs that are due — one statement that advances their
 * `next_due_at` (FOR UPDATE SKIP LOCKED), so any number of controller instances on one
 * database never sample a pair twice in a cycle — reads them through their lag source
 * adapters (each adapter reads the whole batch at once), resolves each reading with
 * core's rules, and writes the batch back: one multi-row INSERT of samples and one
 * UPDATE of the pairs (never their optimistic-lock version), then one call to the
 * alerts service and one publish of lag events. Each pair's next slot is on its own
 * phase grid (`sampleOffsetMs`), so 10,000 pairs spread across their interval.
 *
 * Our own database going away pauses sampling (logged once); it is not the sources'
 * failure, so nothing is marked failing for it, and when it comes back each pair's
 * lag is read again from real recovery points.
 */
@Injectable()
export class LagSampler {
  private readonly logger = new Logger('lag-sampler');
  private readonly sources: Map<string, LagSource>;
  private inFlight: Promise<SweepSummary> | null = null;
  private cycleId = 0;
  private dbDownSinceMs: number | null = null;
  /** When sampling last (re)started with a working database: process start, or the end of an outage. */
  private resumedAtMs = Date.now();
  private lastErrorLogMs = 0;
  /** Last reachability this instance reported per target site (arm-snapshot listings). */
  private readonly siteReachable = new Map<string, boolean>();
  private readonly secretCache = new Map<string, LagSourceSecrets>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TWINSITE_CONFIG) private readonly config: TwinsiteConfig,
    @Inject(LAG_SETTINGS) private readonly settings: LagSettings,
    @Inject(LAG_SOURCES) sources: LagSource[],
    private readonly secretBox: SecretBox,
    private readonly applications: ApplicationService,
    private readonly alerts: AlertsService,
    private readonly events: EventsService,
    private readonly metrics: LagMetrics,
  ) {
    this.sources = new Map(sources.map((s) => [s.kind, s]));
  }

  @Interval('lag-sampler', 1_000)
  async tick(): Promise<void> {
    if (!this.config.schedulersEnabled || this.inFlight) return;
    await this.sampleDueNow();
  }

  /** Whether sampling is paused because the controller's own database is unavailable. */
  get paused(): boolean {
    return this.dbDownSinceMs !== null;
  }

  /**
   * One sweep: every pair due now, in batches, until none is left. Never throws.
   * Tests and the benchmark drive it directly (schedulers off); a call made while a
   * sweep runs starts after it.
   */
  sampleDueNow(): Promise<SweepSummary> {
    // After the sweep in flight, whatever became of it.
    const previous = this.inFlight?.catch(() => null) ?? Promise.resolve(null);
    const run = previous.then(() => this.sweep());
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    return run;
  }

  private async sweep(): Promise<SweepSummary> {
    const cycle: LagCycle = { id: ++this.cycleId, startedAtMs: Date.now() };
    const summary: SweepSummary = { sampled: 0, claimed: 0, batches: 0, failing: 0 };
    const rpoCache = new Map<string, number>();
    const limit = this.settings.batchSize;
    let dueBeforeMs: number | null = null;
    for (;;) {
      let claimed: ClaimedPair[];
      let claimedAtMs: number;
      try {
        claimed = await this.claim(limit, dueBeforeMs);
        claimedAtMs = Date.now();
        // A sweep takes the pairs due when it started: one whose next slot comes while it runs waits for the next tick.
        dueBeforeMs ??= claimed.length > 0 ? dbNowAtClaim(claimed[0]) : null;
      } catch (error) {
        this.onFailure(error);
        summary.paused = 'database-unavailable';
        break;
      }
      this.onDatabaseBack();
      if (claimed.length === 0) break;
      summary.claimed += claimed.length;
      summary.batches++;
      try {
        const outcome = await this.sampleBatch(claimed, claimedAtMs, cycle, rpoCache);
        summary.sampled += outcome.sampled;
        summary.failing += outcome.failing;
      } catch (error) {
        this.onFailure(error);
        if (isDatabaseUnavailable(error)) {
          summary.paused = 'database-unavailable';
          break;
        }
      }
      // A short batch is not proof that nothing is left: rows locked for a moment (an agent's
      // push) were skipped, not waited for. The sweep ends on an empty claim.
    }
    return summary;
  }

  /** One claim of up to `limit` due pairs (see `CLAIM_SQL`). */
  private async claim(limit: number, dueBeforeMs: number | null): Promise<ClaimedPair[]> {
    const rows: Array<{ columns: string }> = await this.db.query(CLAIM_SQL, [
      limit,
      dueBeforeMs ?? 'Infinity',
    ]);
    return rows.length === 0 ? [] : parseClaimedPairs(rows[0].columns);
  }

  private async sampleBatch(
    claimed: ClaimedPair[],
    claimedAtMs: number,
    cycle: LagCycle,
    rpoCache: Map<string, number>,
  ): Promise<{ sampled: number; failing: number }> {
    const started = performance.now();
    const rows = claimed.filter((r) => !UNSAMPLED_STATES.includes(r.state));
    if (rows.length === 0) return { sampled: 0, failing: 0 };

    // 1. Read every pair through its adapter, one call per kind for the whole batch.
    const readings = await this.read(rows, cycle);
    const readMs = performance.now() - started;

    // 2. What the alerts need: the application's RPO, and each pair's current condition (hysteresis).
    const ids = rows.map((r) => r.id);
    const [rpos, conditions] = await Promise.all([
      this.rpoOf(rows, rpoCache),
      this.alerts.previousConditions(ids),
    ]);

    // 3. Resolve each reading with core's rules.
    const nowMs = Date.now();
    // The next slot must lie ahead of the database's clock when the row is written (plus a
    // margin for the write itself), or the pair would be due again at once.
    const slotAfterMs = dbNowAtClaim(rows[0]) + (nowMs - claimedAtMs) + NEXT_SLOT_MARGIN_MS;
    const inGrace = nowMs < this.resumedAtMs + AGENT_RESUME_GRACE_MS;
    const n = rows.length;
    const w: BatchArrays = {
      ids,
      states: new Array<string>(n),
      lags: new Array<number | null>(n),
      rps: new Array<number | null>(n),
      stales: new Array<boolean>(n),
      failings: new Array<boolean>(n),
      failures: new Array<number>(n),
      observed: new Array<number | null>(n),
      errors: new Array<string | null>(n),
      diagnostics: new Array<string | null>(n),
      claimed: new Array<number>(n),
      next: new Array<number>(n),
      versions: new Array<number>(n),
    };
    const alertInputs: PairAlertInput[] = [];
    const lagEvents = new Array<PublishedEvent>(n);
    const siteReachability = new Map<string, boolean>();
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      const source = readings[i];
      const had = conditions.get(row.id);
      const reading: LagReading = resolveLagReading({
        nowMs,
        result: toSourceResult(source),
        previous: previousReading({
          state: row.state,
          lagSeconds: row.lag_seconds,
          recoveryPointMs: row.rp_ms,
          stale: row.lag_stale,
          lastSampledMs: row.sampled_ms,
          failures: row.lag_failures,
          observedMs: row.observed_ms,
        }),
      });
      const previousCondition: RpoCondition = had?.rpo ?? 'ok';
      const rpoSeconds = rpos.get(row.application_id);
      let condition = rpoSeconds
        ? evaluateRpoCondition({
            lagSeconds: reading.lagSeconds,
            rpoSeconds,
            failing: reading.failing,
            previous: previousCondition,
          })
        : previousCondition;
      if (
        inGrace &&
        source.ok &&
        'recoveryPointAt' in source &&
        source.receivedAtMs !== undefined &&
        source.receivedAtMs < this.resumedAtMs
      ) {
        condition = holdCondition(condition, previousCondition);
      }
      const state = pairStateAfter(reading, condition);
      w.states[i] = state;
      w.lags[i] = reading.lagSeconds;
      w.rps[i] = reading.recoveryPointAt;
      w.stales[i] = reading.stale;
      w.failings[i] = reading.failing;
      w.failures[i] = reading.consecutiveFailures ?? 0;
      w.observed[i] = reading.observedAt ?? null;
      w.errors[i] = source.ok ? null : source.error;
      w.diagnostics[i] =
        source.diagnostics && (isDatabaseKind(row.lag_source_kind) || !source.ok)
          ? JSON.stringify(source.diagnostics)
          : null;
      w.claimed[i] = row.claimed_ms;
      w.next[i] = nextDueAt(
        row.previous_due_ms,
        slotAfterMs,
        row.sample_interval_seconds,
        sampleOffsetMs(row.id, row.sample_interval_seconds),
      );
      w.versions[i] = row.version;
      // Only pairs with something to open, resolve or worsen: for a pair with no open alert that
      // stays ok, the alerts service would do nothing (it is the same call, made smaller).
      const sourceFailing = evaluateSourceFailing(reading.consecutiveFailures ?? 0);
      if (
        rpoSeconds &&
        (condition !== 'ok' || sourceFailing || (had && (had.rpo !== 'ok' || had.sourceFailing)))
      ) {
        alertInputs.push({
          pairId: row.id,
          applicationId: row.application_id,
          siteId: row.source_site_id,
          condition,
          sourceFailing,
          lagSeconds: reading.lagSeconds,
          rpoSeconds,
        });
      }
      lagEvents[i] = {
        type: 'lag',
        data: {
          pairId: row.id,
          applicationId: row.application_id,
          lagSeconds: reading.lagSeconds === null ? null : Math.round(reading.lagSeconds * 1000) / 1000,
          state,
          stale: reading.stale,
        },
      };
      if (row.lag_source_kind === 'arm-snapshot') {
        const unreachable = !source.ok && source.code === 'site-unreachable';
        if (unreachable || !siteReachability.has(row.target_site_id))
          siteReachability.set(row.target_site_id, !unreachable);
      }
    }

    // 4. Write the batch: samples and pairs in one statement.
    const skipped = new Set(await this.write(w, nowMs));

    // 5. Alerts once for the batch, then the events, then the sites the listings reached (or not).
    const written = (i: number) => !skipped.has(rows[i].id);
    await this.alerts.applyPairConditions(
      skipped.size ? alertInputs.filter((a) => !skipped.has(a.pairId)) : alertInputs,
    );
    await this.events.publishMany(skipped.size ? lagEvents.filter((_, i) => written(i)) : lagEvents);
    await this.reportSites(siteReachability);

    let failing = 0;
    // Per kind: [ok, failing] samples written.
    const outcomes = new Map<string, [number, number]>();
    for (let i = 0; i < n; i++) {
      if (!written(i)) continue;
      if (w.failings[i]) failing++;
      if (w.lags[i] !== null) this.metrics.lag.observe(w.lags[i]!);
      let counts = outcomes.get(rows[i].lag_source_kind);
      if (!counts) outcomes.set(rows[i].lag_source_kind, (counts = [0, 0]));
      counts[w.failings[i] ? 1 : 0]++;
    }
    for (const [kind, [ok, failingCount]] of outcomes) {
      if (ok) this.metrics.sampled.inc({ kind, outcome: 'ok' }, ok);
      if (failingCount) this.metrics.sampled.inc({ kind, outcome: 'failing' }, failingCount);
    }
    this.metrics.sweepDuration.observe({ phase: 'read' }, readMs / 1000);
    this.metrics.sweepDuration.observe({ phase: 'batch' }, (performance.now() - started) / 1000);
    return { sampled: n - skipped.size, failing };
  }

  /**
   * Each row's reading (in the rows' order), one adapter call per kind for the whole
   * batch; a pair the adapter gave nothing for reads as a failure.
   */
  private async read(rows: ClaimedPair[], cycle: LagCycle): Promise<LagSourceReading[]> {
    const byKind = new Map<string, { pairs: LagSourcePair[]; rowIndexes: number[] }>();
    for (let i = 0; i < rows.length; i++) {
      let group = byKind.get(rows[i].lag_source_kind);
      if (!group) byKind.set(rows[i].lag_source_kind, (group = { pairs: [], rowIndexes: [] }));
      group.pairs.push(this.toSourcePair(rows[i]));
      group.rowIndexes.push(i);
    }
    const readings = new Array<LagSourceReading>(rows.length);
    await Promise.all(
      [...byKind].map(async ([kind, { pairs, rowIndexes }]) => {
        const source = this.sources.get(kind);
        const out = source ? await source.read(pairs, cycle) : new Map<string, LagSourceReading>();
        for (let j = 0; j < pairs.length; j++) {
          readings[rowIndexes[j]] = out.get(pairs[j].id) ?? {
            ok: false,
            code: 'no-reading',
            error: `the ${kind} lag source gave no reading`,
          };
        }
      }),
    );
    return readings;
  }

  /**
   * One round trip: the pairs are updated (lag columns and next slot only: never
   * `version` or `updated_at`, so an operator's edit gets no spurious 412) unless they
   * changed under us — edited, reclaimed by another instance, failed over — and a
   * sample is inserted for each pair that was. Answers the pairs that were skipped.
   */
  private async write(w: BatchArrays, atMs: number): Promise<string[]> {
    const [row]: Array<{ skipped: string[] }> = await this.db.query(
      `WITH x AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::bool[], $6::bool[], $7::int[],
                              $8::float8[], $9::text[], $10::text[], $11::float8[], $12::float8[], $13::int[])
           AS x(id, state, lag, rp_ms, stale, failing, failures, observed_ms, error, diagnostics, claimed_ms, next_ms, version)
       ),
       updated AS (
         UPDATE pairs p SET
           state = x.state,
           lag_seconds = x.lag,
           last_recovery_point_at = GREATEST(p.last_recovery_point_at, to_timestamp(x.rp_ms / 1000)),
           lag_stale = x.stale,
           last_sampled_at = to_timestamp($14::float8 / 1000),
           lag_failures = x.failures,
           lag_observed_at = to_timestamp(x.observed_ms / 1000),
           lag_error = x.error,
           lag_diagnostics = x.diagnostics::jsonb,
           next_due_at = to_timestamp(x.next_ms / 1000)
         FROM x
         -- Still our lease (leases of two claims are seconds apart; the float round trip is exact to well under 1 ms).
         WHERE p.id = x.id AND p.version = x.version AND abs(extract(epoch FROM p.next_due_at) * 1000 - x.claimed_ms) < 1
           AND p.state NOT IN ('failed-over', 'paused')
         RETURNING p.id
       )
       ,
       inserted AS (
         INSERT INTO lag_samples (pair_id, at, lag_seconds, recovery_point_at, stale, failing)
         SELECT x.id, to_timestamp($14::float8 / 1000), x.lag, to_timestamp(x.rp_ms / 1000), x.stale, x.failing
         FROM x JOIN updated u ON u.id = x.id
         RETURNING pair_id
       )
       SELECT array(SELECT x.id::text FROM x WHERE x.id NOT IN (SELECT pair_id FROM inserted)) AS skipped`,
      [
        uuidArray(w.ids),
        textArray(w.states),
        numberArray(w.lags),
        numberArray(w.rps),
        booleanArray(w.stales),
        booleanArray(w.failings),
        numberArray(w.failures),
        numberArray(w.observed),
        textArray(w.errors),
        textArray(w.diagnostics),
        numberArray(w.claimed),
        numberArray(w.next),
        numberArray(w.versions),
        atMs,
      ],
    );
    return row.skipped;
  }

  private toSourcePair(row: ClaimedPair): LagSourcePair {
    return {
      id: row.id,
      applicationId: row.application_id,
      sourceSiteId: row.source_site_id,
      targetSiteId: row.target_site_id,
      sourceResourceId: row.source_resource_id ?? '',
      sampleIntervalSeconds: row.sample_interval_seconds,
      settings: row.lag_source_settings ?? {},
      secrets: row.sealed ? this.openSecrets(row.sealed) : null,
    };
  }

  /** Opened once per sealed value (they change only when an operator edits the URLs). */
  private openSecrets(sealed: string): LagSourceSecrets | null {
    let opened = this.secretCache.get(sealed);
    if (!opened) {
      try {
        opened = JSON.parse(this.secretBox.open(sealed)) as LagSourceSecrets;
      } catch {
        return null;
      }
      if (this.secretCache.size > 10_000) this.secretCache.clear();
      this.secretCache.set(sealed, opened);
    }
    return opened;
  }

  private async rpoOf(rows: ClaimedPair[], cache: Map<string, number>): Promise<Map<string, number>> {
    const missing = [...new Set(rows.map((r) => r.application_id))].filter((id) => !cache.has(id));
    if (missing.length > 0) {
      for (const app of await this.applications.findByIds(missing)) cache.set(app.id, app.rpoSeconds);
    }
    return cache;
  }

  /** `site-unreachable` follows the target sites' listings; reported when it changes (and once per process). */
  private async reportSites(reachability: Map<string, boolean>): Promise<void> {
    for (const [siteId, reachable] of reachability) {
      if (this.siteReachable.get(siteId) === reachable) continue;
      await this.alerts.setSiteReachable(
        siteId,
        reachable,
        reachable ? {} : { reason: 'recovery points could not be listed' },
      );
      this.siteReachable.set(siteId, reachable);
    }
  }

  private onFailure(error: unknown): void {
    if (isDatabaseUnavailable(error)) {
      if (this.dbDownSinceMs === null) {
        this.dbDownSinceMs = Date.now();
        this.logger.warn(
          `lag sampling paused: the controller's database is unavailable (${(error as Error).message}); it resumes by itself`,
        );
      }
      return;
    }
    if (Date.now() - this.lastErrorLogMs > ERROR_LOG_INTERVAL_MS) {
      this.lastErrorLogMs = Date.now();
      this.logger.error(`lag sampling batch failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  private onDatabaseBack(): void {
    if (this.dbDownSinceMs === null) return;
    this.logger.log(
      `lag sampling resumed after ${Math.round((Date.now() - this.dbDownSinceMs) / 1000)} s without the database`,
    );
    this.dbDownSinceMs = null;
    this.resumedAtMs = Date.now();
  }
}

/** The database's clock when it claimed the pair: the lease is its now() plus the interval. */
function dbNowAtClaim(row: ClaimedPair): number {
  return row.claimed_ms - row.sample_interval_seconds * 1000;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|connection error|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Connection refused|not queryable|socket hang up|Query read timeout/i;

/** The controller's own database is away (as opposed to a bug in a batch). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as
    | { code?: string; message?: string; driverError?: { code?: string; message?: string } }
    | undefined;
  const codes = [e?.code, e?.driverError?.code];
  if (codes.some((c) => c && UNAVAILABLE_CODES.has(c))) return true;
  return UNAVAILABLE_MESSAGE.test(`${e?.message ?? ''} ${e?.driverError?.message ?? ''}`);
}

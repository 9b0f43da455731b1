import { Logger } from '@nestjs/common';
import type { LagSourceKind } from '../../dtos/lag-source.dto';
import type {
  LagCycle,
  LagDiagnostics,
  LagSource,
  LagSourcePair,
  LagSourceReading,
} from '../lag-source.port';
import { mapLimit } from '@twinsite/core';
import { describeError, heartbeatReading } from './heartbeat';

/** What the primary said in one cycle: its newest heartbeat before this write, and the one written. */
export interface PrimaryBeat {
  /** Null when this pair had never written a heartbeat there. */
  previousMs: number | null;
  writtenMs: number;
  primaryNowMs: number;
  diagnostics: LagDiagnostics;
}

export interface ReplicaBeat {
  /** Null when no heartbeat of this pair has been applied there. */
  heartbeatMs: number | null;
  /** The server says it is a standby (PostgreSQL: in recovery). */
  standby: boolean;
  diagnostics: LagDiagnostics;
}

interface PoolEntry<P> {
  pool: P;
  lastUsedMs: number;
  tableReady: boolean;
  /** Undefined until asked; null when it cannot be read. */
  identity: string | null | undefined;
}

/** Database pairs read at once per batch; each pool has a couple of connections. */
const CONCURRENCY = 16;
/** A first heartbeat is given this long to reach the replica. */
const FIRST_HEARTBEAT_WAIT_MS = 2_000;
/** Pools not used for this long are closed (their pair was deleted or its URLs changed). */
const POOL_IDLE_CLOSE_MS = 10 * 60_000;

/**
 * The heartbeat method, shared by the `postgres` and `mysql` adapters, which only
 * say how to write and read a heartbeat on their database. Per pair and cycle: read
 * the replica first, then write on the primary (reading its previous heartbeat in the
 * same step) — so a heartbeat written between the two reads can only make the lag
 * look larger, never smaller.
 */
export abstract class HeartbeatLagSource<P> implements LagSource {
  abstract readonly kind: LagSourceKind;
  protected readonly logger = new Logger('lag-heartbeat');
  private readonly pools = new Map<string, PoolEntry<P>>();

  /**
   * Test-only: shifts the clock the heartbeat writer stamps with, as a primary host
   * whose clock is off would. The measured lag must not move by more than one interval.
   */
  heartbeatClockOffsetSeconds = 0;

  protected abstract createPool(url: string): P;
  protected abstract closePool(pool: P): Promise<void>;
  protected abstract ensureTable(pool: P): Promise<void>;
  protected abstract writePrimary(pool: P, key: string, offsetSeconds: number): Promise<PrimaryBeat>;
  protected abstract readReplica(pool: P, key: string): Promise<ReplicaBeat>;
  /** A missing heartbeat table: created once more, then the write is retried. */
  protected abstract isMissingTable(error: unknown): boolean;
  /**
   * What identifies the server's data (PostgreSQL: the system identifier, shared by a
   * cluster and its streaming standbys; MySQL: `server_id`, unique in a topology), or
   * null when the monitoring user may not read it. Asked once per pool.
   */
  protected abstract identify(pool: P): Promise<string | null>;

  async read(pairs: readonly LagSourcePair[], _cycle?: LagCycle): Promise<Map<string, LagSourceReading>> {
    this.closeIdlePools();
    const readings = await mapLimit(pairs, CONCURRENCY, (pair) => this.readOne(pair));
    return new Map(pairs.map((pair, i) => [pair.id, readings[i]]));
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => this.closePool(p.pool).catch(() => undefined)));
  }

  private async readOne(pair: LagSourcePair): Promise<LagSourceReading> {
    const secrets = pair.secrets;
    if (!secrets?.primaryUrl || !secrets.replicaUrl) {
      return { ok: false, code: 'no-credentials', error: 'the lag source has no database URLs' };
    }
    const urls = [secrets.primaryUrl, secrets.replicaUrl];
    const intervalSeconds = Number(pair.settings.heartbeatIntervalSeconds ?? pair.sampleIntervalSeconds);
    const heartbeatIntervalMs = Math.max(1, intervalSeconds) * 1000;
    const key = pair.id;

    let replica: ReplicaBeat | null = null;
    let replicaError: unknown = null;
    try {
      replica = await this.readReplica(this.pool(secrets.replicaUrl).pool, key);
    } catch (error) {
      replicaError = error;
    }
    let primary: PrimaryBeat | null = null;
    let primaryError: unknown = null;
    try {
      primary = await this.writeHeartbeat(secrets.primaryUrl, key);
    } catch (error) {
      primaryError = error;
    }
    const diagnostics: LagDiagnostics = {};
    if (primary) diagnostics.primary = primary.diagnostics;
    if (replica) diagnostics.replica = replica.diagnostics;
    if (primaryError || !primary) {
      return {
        ok: false,
        code: 'primary-unreachable',
        error: `primary: ${describeError(primaryError, urls)}`,
        diagnostics,
      };
    }
    if (replicaError || !replica) {
      return {
        ok: false,
        code: 'replica-unreachable',
        error: `replica: ${describeError(replicaError, urls)}`,
        diagnostics,
      };
    }
    // A "replica" that is the primary itself would read every heartbeat at once: green, and false.
    const [primaryId, replicaId] = await Promise.all([
      this.identity(secrets.primaryUrl),
      this.identity(secrets.replicaUrl),
    ]);
    if (primaryId !== null && primaryId === replicaId && !replica.standby) {
      return {
        ok: false,
        code: 'replica-is-primary',
        error:
          'the replica URL reaches the primary itself (or a promoted copy of it), not a replica: its heartbeats prove nothing about replication',
        diagnostics,
      };
    }
    let primaryNewestMs = primary.previousMs;
    if (primaryNewestMs === null) {
      // The first heartbeat of this pair: nothing older to compare with, so give it a moment to arrive.
      primaryNewestMs = primary.writtenMs;
      replica = await this.waitForHeartbeat(
        secrets.replicaUrl,
        key,
        primary.writtenMs,
        Math.min(FIRST_HEARTBEAT_WAIT_MS, heartbeatIntervalMs),
        replica,
      );
      diagnostics.replica = replica.diagnostics;
    }
    return heartbeatReading(
      {
        primaryNewestMs,
        replicaNewestMs: replica.heartbeatMs,
        primaryNowMs: primary.primaryNowMs,
        heartbeatIntervalMs,
        measuredAtMs: Date.now(),
      },
      diagnostics,
    );
  }

  private async writeHeartbeat(url: string, key: string): Promise<PrimaryBeat> {
    const entry = this.pool(url);
    if (!entry.tableReady) {
      await this.ensureTable(entry.pool);
      entry.tableReady = true;
    }
    try {
      return await this.writePrimary(entry.pool, key, this.heartbeatClockOffsetSeconds);
    } catch (error) {
      if (!this.isMissingTable(error)) throw error;
      await this.ensureTable(entry.pool);
      return this.writePrimary(entry.pool, key, this.heartbeatClockOffsetSeconds);
    }
  }

  private async waitForHeartbeat(
    url: string,
    key: string,
    writtenMs: number,
    waitMs: number,
    last: ReplicaBeat,
  ): Promise<ReplicaBeat> {
    const deadline = Date.now() + waitMs;
    let current = last;
    while ((current.heartbeatMs ?? -Infinity) < writtenMs && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        current = await this.readReplica(this.pool(url).pool, key);
      } catch {
        break;
      }
    }
    return current;
  }

  private async identity(url: string): Promise<string | null> {
    const entry = this.pool(url);
    if (entry.identity === undefined) {
      try {
        entry.identity = await this.identify(entry.pool);
      } catch {
        return null;
      }
    }
    return entry.identity;
  }

  private pool(url: string): PoolEntry<P> {
    let entry = this.pools.get(url);
    if (!entry) {
      entry = { pool: this.createPool(url), lastUsedMs: 0, tableReady: false, identity: undefined };
      this.pools.set(url, entry);
    }
    entry.lastUsedMs = Date.now();
    return entry;
  }

  private closeIdlePools(): void {
    const cutoff = Date.now() - POOL_IDLE_CLOSE_MS;
    for (const [url, entry] of this.pools) {
      if (entry.lastUsedMs < cutoff) {
        this.pools.delete(url);
        void this.closePool(entry.pool).catch(() => undefined);
      }
    }
  }
}

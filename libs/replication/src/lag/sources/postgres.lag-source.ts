import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { HeartbeatLagSource, PrimaryBeat, ReplicaBeat } from './heartbeat-lag-source';

/** Short timeouts: a database that does not answer is a failing source, not a stuck sampler. */
const CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 5_000;

const toMs = (value: Date | null | undefined): number | null => (value ? value.getTime() : null);

/**
 * `postgres`: PostgreSQL streaming (or logical) replication, measured with a heartbeat
 * row written on the primary (`twinsite_heartbeat`, created there if missing; it
 * replicates to the standby). `pg_stat_replication` on the primary and the standby's
 * replay position and `pg_last_xact_replay_timestamp()` are kept as diagnostics.
 */
@Injectable()
export class PostgresLagSource extends HeartbeatLagSource<Pool> implements OnModuleDestroy {
  readonly kind = 'postgres' as const;

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  protected createPool(url: string): Pool {
    const pool = new Pool({
      connectionString: url,
      max: 2,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 60_000,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 1_000,
      application_name: 'twinsite-lag',
      keepAlive: true,
    });
    // An idle connection that dies (the server restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return pool;
  }

  protected closePool(pool: Pool): Promise<void> {
    return pool.end();
  }

  protected async ensureTable(pool: Pool): Promise<void> {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS twinsite_heartbeat (id text PRIMARY KEY, written_at timestamptz NOT NULL)`,
    );
  }

  protected async identify(pool: Pool): Promise<string | null> {
    try {
      const { rows } = await pool.query(`SELECT system_identifier::text AS id FROM pg_control_system()`);
      return rows[0]?.id ?? null;
    } catch {
      return null; // not allowed to this user: the check is skipped
    }
  }

  protected isMissingTable(error: unknown): boolean {
    return (error as { code?: string })?.code === '42P01';
  }

  protected async writePrimary(pool: Pool, key: string, offsetSeconds: number): Promise<PrimaryBeat> {
    const { rows } = await pool.query(
      `WITH previous AS (SELECT written_at FROM twinsite_heartbeat WHERE id = $1),
       written AS (
         INSERT INTO twinsite_heartbeat (id, written_at) VALUES ($1, now() + make_interval(secs => $2::float8))
         ON CONFLICT (id) DO UPDATE SET written_at = EXCLUDED.written_at
         RETURNING written_at)
       SELECT (SELECT written_at FROM previous) AS previous, (SELECT written_at FROM written) AS written,
              now() + make_interval(secs => $2::float8) AS primary_now,
              (SELECT coalesce(json_agg(json_build_object(
                 'applicationName', application_name, 'clientAddr', client_addr, 'state', state, 'syncState', sync_state,
                 'writeLagSeconds', extract(epoch FROM write_lag), 'flushLagSeconds', extract(epoch FROM flush_lag),
                 'replayLagSeconds', extract(epoch FROM replay_lag))), '[]'::json)
               FROM pg_stat_replication) AS replication`,
      [key, offsetSeconds],
    );
    const row = rows[0];
    return {
      previousMs: toMs(row.previous),
      writtenMs: row.written.getTime(),
      primaryNowMs: row.primary_now.getTime(),
      diagnostics: { pgStatReplication: row.replication },
    };
  }

  protected async readReplica(pool: Pool, key: string): Promise<ReplicaBeat> {
    const status = `pg_is_in_recovery() AS in_recovery, pg_last_xact_replay_timestamp() AS last_replay,
      CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS replay_paused,
      pg_last_wal_receive_lsn()::text AS receive_lsn, pg_last_wal_replay_lsn()::text AS replay_lsn`;
    let row: Record<string, any>;
    try {
      ({
        rows: [row],
      } = await pool.query(
        `SELECT (SELECT written_at FROM twinsite_heartbeat WHERE id = $1) AS heartbeat, ${status}`,
        [key],
      ));
    } catch (error) {
      if (!this.isMissingTable(error)) throw error;
      // The table has not replicated yet: no heartbeat has arrived.
      ({
        rows: [row],
      } = await pool.query(`SELECT NULL::timestamptz AS heartbeat, ${status}`));
    }
    return {
      heartbeatMs: toMs(row.heartbeat),
      standby: row.in_recovery === true,
      diagnostics: {
        inRecovery: row.in_recovery,
        lastXactReplayAt: row.last_replay,
        walReplayPaused: row.replay_paused,
        receiveLsn: row.receive_lsn,
        replayLsn: row.replay_lsn,
      },
    };
  }
}

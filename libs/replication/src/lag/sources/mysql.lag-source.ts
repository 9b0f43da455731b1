import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPool, Pool, PoolOptions, RowDataPacket } from 'mysql2/promise';
import { HeartbeatLagSource, PrimaryBeat, ReplicaBeat } from './heartbeat-lag-source';

const CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 5_000;

/** `mysql://user:pass@host:3306/db` (or `mariadb://`) as mysql2 pool options; the database is where the heartbeat table lives. */
export function mysqlPoolOptions(url: string): PoolOptions {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: database || undefined,
    connectionLimit: 2,
    maxIdle: 2,
    idleTimeout: 60_000,
    queueLimit: 100,
    waitForConnections: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableKeepAlive: true,
    decimalNumbers: true,
    timezone: 'Z',
  };
}

/**
 * `mysql`: MySQL/MariaDB binlog replication, measured with the same heartbeat method:
 * a row written on the primary with the primary's clock (`UNIX_TIMESTAMP(NOW(6))`,
 * time-zone free), read on the replica. `SHOW REPLICA STATUS` is kept as diagnostics
 * when the monitoring user may run it.
 */
@Injectable()
export class MysqlLagSource extends HeartbeatLagSource<Pool> implements OnModuleDestroy {
  readonly kind = 'mysql' as const;

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  protected createPool(url: string): Pool {
    const options = mysqlPoolOptions(url);
    if (!options.database) throw new Error('the URL names no database (the heartbeat table lives in it)');
    return createPool(options);
  }

  protected closePool(pool: Pool): Promise<void> {
    return pool.end();
  }

  protected async ensureTable(pool: Pool): Promise<void> {
    await pool.query({
      sql: `CREATE TABLE IF NOT EXISTS twinsite_heartbeat (id VARCHAR(64) NOT NULL PRIMARY KEY, written_at DECIMAL(20,6) NOT NULL) ENGINE=InnoDB`,
      timeout: STATEMENT_TIMEOUT_MS,
    });
  }

  protected async identify(pool: Pool): Promise<string | null> {
    const [rows] = await pool.query<RowDataPacket[]>({
      sql: 'SELECT @@server_id AS id',
      timeout: STATEMENT_TIMEOUT_MS,
    });
    return rows[0]?.id === undefined ? null : String(rows[0].id);
  }

  protected isMissingTable(error: unknown): boolean {
    return (error as { errno?: number })?.errno === 1146;
  }

  protected async writePrimary(pool: Pool, key: string, offsetSeconds: number): Promise<PrimaryBeat> {
    const connection = await pool.getConnection();
    try {
      const [before] = await connection.query<RowDataPacket[]>({
        sql: `SELECT (SELECT written_at FROM twinsite_heartbeat WHERE id = ?) AS previous`,
        values: [key],
        timeout: STATEMENT_TIMEOUT_MS,
      });
      await connection.query({
        sql: `INSERT INTO twinsite_heartbeat (id, written_at) VALUES (?, UNIX_TIMESTAMP(NOW(6)) + ?)
              ON DUPLICATE KEY UPDATE written_at = VALUES(written_at)`,
        values: [key, offsetSeconds],
        timeout: STATEMENT_TIMEOUT_MS,
      });
      const [after] = await connection.query<RowDataPacket[]>({
        sql: `SELECT written_at, UNIX_TIMESTAMP(NOW(6)) + ? AS now_s, @@server_id AS server_id FROM twinsite_heartbeat WHERE id = ?`,
        values: [offsetSeconds, key],
        timeout: STATEMENT_TIMEOUT_MS,
      });
      const previous = before[0]?.previous;
      return {
        previousMs: previous === null || previous === undefined ? null : Number(previous) * 1000,
        writtenMs: Number(after[0].written_at) * 1000,
        primaryNowMs: Number(after[0].now_s) * 1000,
        diagnostics: { serverId: after[0].server_id },
      };
    } finally {
      connection.release();
    }
  }

  protected async readReplica(pool: Pool, key: string): Promise<ReplicaBeat> {
    let heartbeatMs: number | null = null;
    try {
      const [rows] = await pool.query<RowDataPacket[]>({
        sql: `SELECT written_at FROM twinsite_heartbeat WHERE id = ?`,
        values: [key],
        timeout: STATEMENT_TIMEOUT_MS,
      });
      heartbeatMs = rows.length > 0 ? Number(rows[0].written_at) * 1000 : null;
    } catch (error) {
      if (!this.isMissingTable(error)) throw error;
    }
    // server_id is unique within a replication topology: the same one twice is the same server.
    return { heartbeatMs, standby: false, diagnostics: await this.replicaStatus(pool) };
  }

  /** `SHOW REPLICA STATUS` (MySQL 8.0.22+, MariaDB 10.5+) or `SHOW SLAVE STATUS`; a few fields of it. */
  private async replicaStatus(pool: Pool): Promise<Record<string, unknown>> {
    for (const sql of ['SHOW REPLICA STATUS', 'SHOW SLAVE STATUS']) {
      try {
        const [rows] = await pool.query<RowDataPacket[]>({ sql, timeout: STATEMENT_TIMEOUT_MS });
        const r = rows[0];
        if (!r) return { replicating: false };
        const pick = (...names: string[]) => names.map((n) => r[n]).find((v) => v !== undefined) ?? null;
        return {
          replicating: true,
          ioRunning: pick('Replica_IO_Running', 'Slave_IO_Running'),
          sqlRunning: pick('Replica_SQL_Running', 'Slave_SQL_Running'),
          secondsBehind: pick('Seconds_Behind_Source', 'Seconds_Behind_Master'),
          lastError: pick('Last_SQL_Error', 'Last_Error') || null,
        };
      } catch (error) {
        if ((error as { errno?: number }).errno !== 1064) {
          return { statusError: (error as Error).message?.slice(0, 200) ?? String(error) };
        }
      }
    }
    return {};
  }
}

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../support/free-port';

/**
 * A REAL PostgreSQL 15 primary and a streaming standby made with `pg_basebackup`, on
 * loopback ports, from the system's binaries. They refuse to run as root, so as root
 * they run as the `postgres` OS user, with their data under a temp dir it owns.
 */
export const PG_BIN = process.env.TWINSITE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

const run = promisify(execFile);
const asPostgres = (bin: string, args: string[]) =>
  process.getuid?.() === 0
    ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args])
    : run(path.join(PG_BIN, bin), args);

export interface PgReplication {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL on the primary or the standby (superuser). */
  query(on: 'primary' | 'replica', sql: string, params?: unknown[]): Promise<any[]>;
  stopPrimary(): Promise<void>;
  startPrimary(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPgReplication(database = 'app'): Promise<PgReplication> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-pgrepl-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  fs.chmodSync(dir, 0o700);
  const primary = path.join(dir, 'primary');
  const standby = path.join(dir, 'standby');
  const ctl = (data: string, ...args: string[]) =>
    asPostgres('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', ...args]);
  const stop = async () => {
    for (const data of [standby, primary]) {
      if (fs.existsSync(path.join(data, 'postmaster.pid')))
        await ctl(data, '-m', 'immediate', 'stop').catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await setUp(dir, primary, standby, database, ctl, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function setUp(
  dir: string,
  primary: string,
  standby: string,
  database: string,
  ctl: (data: string, ...args: string[]) => Promise<unknown>,
  stop: () => Promise<void>,
): Promise<PgReplication> {
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  await asPostgres('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  fs.appendFileSync(
    path.join(primary, 'postgresql.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${primaryPort}`,
      `unix_socket_directories = '${dir}'`,
      `wal_level = replica`,
      `max_wal_senders = 5`,
      `fsync = off`,
      `synchronous_commit = off`,
      `hot_standby = on`,
      '',
    ].join('\n'),
  );
  fs.appendFileSync(path.join(primary, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
  await ctl(primary, 'start');
  await asPostgres('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primaryPort),
    '-U',
    'postgres',
    '-D',
    standby,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  fs.appendFileSync(path.join(standby, 'postgresql.conf'), `port = ${standbyPort}\n`);
  await ctl(standby, 'start');

  const url = (port: number, db: string) => `postgres://postgres:unused-password@127.0.0.1:${port}/${db}`;
  const query = async (on: 'primary' | 'replica', sql: string, params: unknown[] = [], db = database) => {
    const client = new Client({
      connectionString: url(on === 'primary' ? primaryPort : standbyPort, db),
      connectionTimeoutMillis: 3000,
    });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  await query('primary', `CREATE DATABASE ${database}`, [], 'postgres');
  // The standby has it once it has replayed that far.
  for (let i = 0; ; i++) {
    try {
      await query('replica', 'SELECT 1');
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    primaryUrl: url(primaryPort, database),
    replicaUrl: url(standbyPort, database),
    query: (on, sql, params) => query(on, sql, params),
    stopPrimary: async () => {
      await ctl(primary, '-m', 'fast', 'stop');
    },
    startPrimary: async () => {
      await ctl(primary, 'start');
    },
    stop,
  };
}

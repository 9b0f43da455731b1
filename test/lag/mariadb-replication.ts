import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from '../support/free-port';

/**
 * A REAL MariaDB replica: two private `mariadbd` instances in temp dirs on loopback
 * ports (never the system server on 3306), the second replicating from the first
 * (binlog, a replication user, CHANGE MASTER TO … ; START SLAVE).
 */
const run = promisify(execFile);
const MARIADBD = process.env.TWINSITE_MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.TWINSITE_MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';

export const MONITOR_USER = 'monitor';
/** Needs URL-encoding, so the adapter's URL parsing is exercised. */
export const MONITOR_PASSWORD = 'm0n!tor@pw';

export interface MariaDbReplication {
  primaryUrl: string;
  replicaUrl: string;
  query(on: 'primary' | 'replica', sql: string, params?: unknown[]): Promise<any>;
  stop(): Promise<void>;
}

interface Server {
  port: number;
  child: ChildProcess;
  dir: string;
}

const USER = process.getuid?.() === 0 ? 'root' : os.userInfo().username;

async function installDb(root: string, name: string): Promise<void> {
  await run(INSTALL_DB, [
    '--no-defaults',
    `--datadir=${path.join(root, name)}`,
    `--user=${USER}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
}

async function startServer(
  root: string,
  name: string,
  serverId: number,
  logBin: boolean,
  started: Server[],
): Promise<Server> {
  const dir = path.join(root, name);
  const tmp = path.join(root, `${name}-tmp`);
  fs.mkdirSync(tmp);
  const user = USER;
  const port = await freePort();
  const child = spawn(
    MARIADBD,
    [
      '--no-defaults',
      `--datadir=${dir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(root, `${name}.sock`)}`,
      `--pid-file=${path.join(root, `${name}.pid`)}`,
      `--log-error=${path.join(root, `${name}.err`)}`,
      `--server-id=${serverId}`,
      `--user=${user}`,
      '--skip-name-resolve',
      `--tmpdir=${tmp}`,
      '--innodb-buffer-pool-size=32M',
      '--innodb-flush-log-at-trx-commit=2',
      ...(logBin ? [`--log-bin=${path.join(dir, 'bin')}`] : [`--relay-log=${path.join(dir, 'relay')}`]),
    ],
    { stdio: 'ignore' },
  );
  const server = { port, child, dir };
  started.push(server);
  for (let i = 0; ; i++) {
    try {
      const c = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
      await c.end();
      break;
    } catch (error) {
      if (child.exitCode !== null || i > 150)
        throw new Error(`mariadbd ${name} did not start: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return server;
}

function stopServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

export async function startMariaDbReplication(database = 'app'): Promise<MariaDbReplication> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-myrepl-'));
  const started: Server[] = [];
  const stop = async () => {
    await Promise.all(started.map(stopServer));
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    return await setUp(root, database, started, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function setUp(
  root: string,
  database: string,
  started: Server[],
  stop: () => Promise<void>,
): Promise<MariaDbReplication> {
  // One after the other: two bootstraps at once trip over each other's temporary tables.
  await installDb(root, 'primary');
  await installDb(root, 'replica');
  const [primary, replica] = await Promise.all([
    startServer(root, 'primary', 1, true, started),
    startServer(root, 'replica', 2, false, started),
  ]);
  const query = async (on: 'primary' | 'replica', sql: string, params: unknown[] = []): Promise<any> => {
    const c = await createConnection({
      host: '127.0.0.1',
      port: (on === 'primary' ? primary : replica).port,
      user: 'root',
    });
    try {
      const [rows] = await c.query(sql, params);
      return rows;
    } finally {
      await c.end();
    }
  };
  await query('primary', `CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw'`);
  await query('primary', `GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'`);
  await query(
    'replica',
    `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='repl', MASTER_PASSWORD='repl-pw', MASTER_USE_GTID=slave_pos`,
  );
  await query('replica', `START SLAVE`);
  // Made after replication started, so they reach the replica the ordinary way.
  await query('primary', `CREATE DATABASE ${database}`);
  await query('primary', `CREATE USER '${MONITOR_USER}'@'%' IDENTIFIED BY '${MONITOR_PASSWORD}'`);
  await query('primary', `GRANT ALL PRIVILEGES ON ${database}.* TO '${MONITOR_USER}'@'%'`);
  await query('primary', `GRANT SLAVE MONITOR ON *.* TO '${MONITOR_USER}'@'%'`);
  for (let i = 0; ; i++) {
    const rows = await query('replica', `SELECT count(*) AS n FROM mysql.user WHERE user = ?`, [
      MONITOR_USER,
    ]);
    if (rows[0].n > 0) break;
    if (i > 100) throw new Error('the replica did not replicate the monitor user');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = (port: number) =>
    `mysql://${MONITOR_USER}:${encodeURIComponent(MONITOR_PASSWORD)}@127.0.0.1:${port}/${database}`;
  return {
    primaryUrl: url(primary.port),
    replicaUrl: `mariadb://${MONITOR_USER}:${encodeURIComponent(MONITOR_PASSWORD)}@127.0.0.1:${replica.port}/${database}`,
    query,
    stop,
  };
}

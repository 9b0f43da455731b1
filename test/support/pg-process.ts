import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

export interface PgProcess {
  url: string;
  /** Stops the server (a clean shutdown), as an outage would look to the controller. */
  stop(): Promise<void>;
}

/** Starts an embedded PostgreSQL in a child process on `port`, with its data in `dataDir` (kept across stop/start). */
export async function startPgProcess(dataDir: string, port: number): Promise<PgProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, 'embedded-pg-child.mjs'), dataDir, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line).url));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  return { url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

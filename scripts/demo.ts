import { ChildProcess, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seed } from './seed/seed';

/**
 * `npm run demo`: `npm run sim`, `npm start` and `npm run seed` together, with no setup:
 * the two simulated stamps (seeded with the example estate and replicating), the
 * controller on an embedded PostgreSQL under .data/, and the protection estate applied.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const children: ChildProcess[] = [];

async function main(): Promise<void> {
  const port = process.env.PORT ?? '3000';
  const token = process.env.TWINSITE_ADMIN_TOKEN ?? `tws_demo_${crypto.randomBytes(24).toString('base64url')}`;
  const simDataDir = path.join(ROOT, '.data/sim');

  start('stamp-sim', 'dist/apps/stamp-sim/src/main.js', {
    SIM_DATA_DIR: simDataDir,
    SIM_SEED_FILE: path.join(ROOT, 'apps/stamp-sim/seed/example-estate.yaml'),
  });
  await waitFor('the simulated stamps', () => probe('https://127.0.0.1:9443/_sim', fs.existsSync(path.join(simDataDir, 'ca.pem')) ? path.join(simDataDir, 'ca.pem') : null));

  start('controller', 'dist/apps/controller/src/main.js', { PORT: port, TWINSITE_ADMIN_TOKEN: token });
  const url = `http://localhost:${port}`;
  await waitFor('the controller', async () => (await fetch(`${url}/readyz`)).status === 200, 120_000);

  seed({ ...process.env, TWINSITE_URL: url, TWINSITE_TOKEN: token, SIM_DATA_DIR: simDataDir });

  console.log(`
  Twinsite is running.

    console      ${url}
    admin token  ${token}
    API docs     ${url}/api/docs
    stamps       https://127.0.0.1:8443 (stamp-a, east)   https://127.0.0.1:8444 (stamp-b, west)
    faults       curl -k -X POST https://127.0.0.1:9443/_sim/faults -H 'content-type: application/json' -d '{"linkDown":true}'

    logs         .data/logs/controller.log, .data/logs/stamp-sim.log

  The admin token is shown once; keep it. Ctrl-C stops everything (data stays in .data/).
`);
}

// Each process logs to .data/logs/<name>.log, so the terminal keeps only what an operator needs.
function start(name: string, script: string, env: Record<string, string>): void {
  const logDir = path.join(ROOT, '.data/logs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [path.join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? code}); see .data/logs/${name}.log. Stopping the demo.`);
      shutdown(1);
    }
  });
  children.push(child);
}

async function probe(url: string, caPath: string | null): Promise<boolean> {
  if (!caPath) return false;
  const https = await import('node:https');
  const ca = fs.readFileSync(caPath, 'utf8');
  return new Promise((resolve) => {
    const req = https.get(url, { ca }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))))).then(() => process.exit(code));
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  shutdown(1);
});

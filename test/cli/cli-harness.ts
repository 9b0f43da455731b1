import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI compiled as `npm run build` compiles it (same compiler options, path
 * aliases rewritten by tsc-alias), but only its own sources and into a directory of
 * this run, so that it neither waits for nor races with a build of the whole repo.
 */
export async function buildCli(): Promise<{ main: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-cli-build-'));
  const run = promisify(execFile);
  const project = path.join(ROOT, 'apps/cli/tsconfig.app.json');
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project, '--outDir', dir], {
    cwd: ROOT,
  });
  await run(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsc-alias/dist/bin/index.js'), '-p', project, '--outDir', dir],
    { cwd: ROOT },
  );
  return { main: path.join(dir, 'apps/cli/src/main.js'), dir };
}

/** Runs `twinsite <args>` as a child process, with only the environment given (plus PATH and a private HOME). */
export function runCli(
  main: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string; home: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: options.home,
      // The compiled files live outside the repository: resolve commander and yaml from it.
      NODE_PATH: path.join(ROOT, 'node_modules'),
    };
    for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
    const child = spawn(process.execPath, [main, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

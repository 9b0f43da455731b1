import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `npm run seed`: loads the example estate into a running controller (TWINSITE_URL,
 * TWINSITE_TOKEN) for the running simulator (its CA from SIM_DATA_DIR, default
 * .data/sim). It is `twinsite apply -f scripts/seed/demo-estate.yaml`: the same
 * declarative, idempotent engine operators use, so it can run any number of times.
 */
export function seed(env: NodeJS.ProcessEnv = process.env): void {
  const root = path.resolve(__dirname, '..', '..', '..');
  const caPath = path.resolve(env.SIM_DATA_DIR ?? path.join(root, '.data/sim'), 'ca.pem');
  if (!fs.existsSync(caPath)) throw new Error(`the simulator's CA is not at ${caPath}: start it first with npm run sim`);
  if (!env.TWINSITE_URL || !env.TWINSITE_TOKEN) throw new Error('set TWINSITE_URL and TWINSITE_TOKEN to the running controller');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'dist/apps/cli/src/main.js'), 'apply', '-f', path.join(root, 'scripts/seed/demo-estate.yaml')],
    { stdio: 'inherit', env: { ...env, SIM_CA_PEM: fs.readFileSync(caPath, 'utf8') } },
  );
  if (result.status !== 0) throw new Error(`applying the demo estate failed (exit ${result.status})`);
}

if (require.main === module) {
  try {
    seed();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

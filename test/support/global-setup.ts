import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../libs/shared/src/database/embedded-postgres';
import { freePort } from './free-port';

// Suites that need PostgreSQL use DATABASE_URL when it is set, and otherwise one
// embedded server started here for the whole run. Each suite then makes its own
// database on that server (test/support/database.ts), so suites never share state.
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TWINSITE_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-test-pg-'));
  fs.chmodSync(dataDir, 0o777);
  const handle = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'data'),
    port: await freePort(),
    persistent: false,
    database: 'postgres',
  });
  process.env.TWINSITE_TEST_SERVER_URL = handle.url;
  (globalThis as any).__TWINSITE_EMBEDDED_PG__ = { handle, dataDir };
}

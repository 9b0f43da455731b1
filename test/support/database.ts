import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server every suite of this run shares (see global-setup.ts). */
export function testServerUrl(): string {
  const url = process.env.TWINSITE_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('TWINSITE_TEST_SERVER_URL is not set: run the suites through jest (npm test)');
  return url;
}

/** Creates an empty database for one suite and returns its URL. */
export async function createTestDatabase(prefix = 'twinsite_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from './config';

describe('loadConfig', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-config-'));
  const key = 'a'.repeat(64);

  it('applies the documented defaults', () => {
    const config = loadConfig({ TWINSITE_DATA_DIR: dataDir, TWINSITE_SECRET_KEY: key });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.secretKey).toHaveLength(32);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TWINSITE_ADMIN_TOKEN: 'short' }, 'TWINSITE_ADMIN_TOKEN'],
    [{ TWINSITE_SECRET_KEY: 'not-a-key' }, 'TWINSITE_SECRET_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TWINSITE_SCHEDULERS: 'maybe' }, 'TWINSITE_SCHEDULERS'],
  ])('fails fast naming the variable for %j', (env, variable) => {
    expect(() => loadConfig({ TWINSITE_DATA_DIR: dataDir, TWINSITE_SECRET_KEY: key, ...env })).toThrow(
      variable,
    );
  });

  it('requires a secret key with an external database', () => {
    expect(() => loadConfig({ TWINSITE_DATA_DIR: dataDir, DATABASE_URL: 'postgres://x/y' })).toThrow(
      'TWINSITE_SECRET_KEY',
    );
  });

  it('generates a key under the data directory for the embedded database and reuses it', () => {
    const first = loadConfig({ TWINSITE_DATA_DIR: dataDir });
    const second = loadConfig({ TWINSITE_DATA_DIR: dataDir });
    expect(first.secretKey.equals(second.secretKey)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);
  });
});

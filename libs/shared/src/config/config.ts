import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The controller's configuration, read once from the environment and typed after that. */
export interface TwinsiteConfig {
  port: number;
  host: string;
  /** Unset: the controller starts an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  adminToken: string | null;
  secretKey: Buffer;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Turns the background schedulers off (tools and some tests drive them by hand). */
  schedulersEnabled: boolean;
  consoleDir: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    rule: string,
  ) {
    super(`Invalid configuration: ${variable} ${rule}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Fails fast with the variable's name: a controller that half-starts with a bad
 * setting is worse than one that refuses to start.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TwinsiteConfig {
  const dataDir = path.resolve(env.TWINSITE_DATA_DIR ?? '.data');
  const databaseUrl = optional(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const adminToken = optional(env.TWINSITE_ADMIN_TOKEN);
  if (adminToken && adminToken.length < 16) {
    throw new ConfigError('TWINSITE_ADMIN_TOKEN', 'must be at least 16 characters long');
  }
  const logLevel = (optional(env.LOG_LEVEL) ?? 'info') as TwinsiteConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: optional(env.HOST) ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    embeddedPostgresPort: integer(env, 'TWINSITE_EMBEDDED_PG_PORT', 5433, 1, 65535),
    adminToken,
    secretKey: secretKey(env.TWINSITE_SECRET_KEY, databaseUrl, dataDir),
    logLevel,
    schedulersEnabled: boolean(env, 'TWINSITE_SCHEDULERS', true),
    consoleDir: optional(env.TWINSITE_CONSOLE_DIR),
  };
}

function optional(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env[name]);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env[name]);
  if (raw === null) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

/**
 * TWINSITE_SECRET_KEY encrypts stored credentials. With an external database it is
 * required: a generated key on local disk would make the stored secrets unreadable
 * from any other instance. With the embedded database everything lives under the
 * data directory anyway, so a key is generated there on first start.
 */
function secretKey(raw: string | undefined, databaseUrl: string | null, dataDir: string): Buffer {
  const value = optional(raw);
  if (value) return parseKey(value);
  if (databaseUrl) {
    throw new ConfigError(
      'TWINSITE_SECRET_KEY',
      'is required when DATABASE_URL is set (32 bytes, as 64 hex characters or base64)',
    );
  }
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return parseKey(fs.readFileSync(file, 'utf8').trim());
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

function parseKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('TWINSITE_SECRET_KEY', 'must be 32 bytes, as 64 hex characters or base64');
  }
  return key;
}

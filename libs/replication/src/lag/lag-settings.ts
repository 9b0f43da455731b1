import { ConfigError } from '@twinsite/shared';

/**
 * The lag sampler's tuning, read from the environment once (the controller's own
 * configuration stays in libs/shared; these are the replication module's).
 */
export interface LagSettings {
  /** An agent's checkpoint may be this far in the future (its clock ahead of ours) before it is refused. */
  checkpointSkewSeconds: number;
  /** Raw samples are kept this long, then only the minute and hour rollups. */
  rawRetentionHours: number;
  /** Minute rollups are kept this long, then only the hour rollups. */
  minuteRetentionDays: number;
  /** Hour rollups are kept this long. */
  hourRetentionDays: number;
  /** Pairs claimed per batch (one claim, one sample INSERT, one pairs UPDATE, one alerts call each). */
  batchSize: number;
}

export const DEFAULT_LAG_SETTINGS: LagSettings = {
  checkpointSkewSeconds: 30,
  rawRetentionHours: 48,
  minuteRetentionDays: 7,
  hourRetentionDays: 400,
  batchSize: 2000,
};

export const LAG_SETTINGS = Symbol('LAG_SETTINGS');

/** Fails fast with the variable's name, as the controller's own configuration does. */
export function loadLagSettings(env: NodeJS.ProcessEnv = process.env): LagSettings {
  return {
    checkpointSkewSeconds: number(
      env,
      'TWINSITE_CHECKPOINT_SKEW_SECONDS',
      DEFAULT_LAG_SETTINGS.checkpointSkewSeconds,
      0,
      86_400,
    ),
    rawRetentionHours: number(
      env,
      'TWINSITE_LAG_RAW_RETENTION_HOURS',
      DEFAULT_LAG_SETTINGS.rawRetentionHours,
      1,
      24 * 90,
    ),
    minuteRetentionDays: number(
      env,
      'TWINSITE_LAG_MINUTE_RETENTION_DAYS',
      DEFAULT_LAG_SETTINGS.minuteRetentionDays,
      1,
      366,
    ),
    hourRetentionDays: number(
      env,
      'TWINSITE_LAG_HOUR_RETENTION_DAYS',
      DEFAULT_LAG_SETTINGS.hourRetentionDays,
      1,
      3660,
    ),
    batchSize: Math.floor(number(env, 'TWINSITE_LAG_BATCH_SIZE', DEFAULT_LAG_SETTINGS.batchSize, 1, 50_000)),
  };
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a number between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

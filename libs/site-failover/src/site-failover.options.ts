/** Tuning of site failovers; the controller is configured by its environment only. */
export interface SiteFailoverOptions {
  /** Plans failing over at once in one site failover (a request may ask for another number). */
  plansInFlight: number;
  /** Per-plan dry runs of a site preflight in flight at once. */
  preflightConcurrency: number;
  /** A plan whose start failed for a reason that may pass (database, network) is tried this often before it counts as failed. */
  startAttempts: number;
  /** A drill older than this makes an application at risk (0: never). */
  maxDrillAgeSeconds: number;
}

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(
      `Invalid configuration: ${name} must be a whole number of at least ${min} (got "${raw}")`,
    );
  return value;
}

export function siteFailoverOptionsFromEnv(): SiteFailoverOptions {
  return {
    plansInFlight: intFromEnv('TWINSITE_SITE_FAILOVER_PLANS_IN_FLIGHT', 3, 1),
    preflightConcurrency: intFromEnv('TWINSITE_SITE_FAILOVER_PREFLIGHT_CONCURRENCY', 4, 1),
    startAttempts: intFromEnv('TWINSITE_SITE_FAILOVER_START_ATTEMPTS', 3, 1),
    maxDrillAgeSeconds: intFromEnv('TWINSITE_READINESS_MAX_DRILL_AGE_DAYS', 90, 0) * 86_400,
  };
}

export const SITE_FAILOVER_OPTIONS = 'SITE_FAILOVER_OPTIONS';

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/**
 * Tuning of the failover engine. Production keeps the defaults; tests and the chaos
 * script shorten the lease (to see reclaims quickly) through the environment, because
 * the controller process is configured by its environment only.
 */
export interface FailoverOptions {
  /** Who this controller instance is, in leases and the step journal. */
  instanceId: string;
  /** How long a claimed step belongs to its executor without a renewal. */
  leaseMs: number;
  /** How often the executor renews its lease (well inside `leaseMs`). */
  renewEveryMs: number;
  /** The executor stops this long before its lease runs out, so it never acts on an expired one. */
  leaseMarginMs: number;
  /** Member steps (VMs) in flight per site, over every instance. */
  perSiteConcurrency: number;
  /** Steps one instance executes at once. */
  maxInFlight: number;
  /** Attempts of a step whose failures are transient (throttling, 5xx, unreachable) before it fails. */
  maxAttempts: number;
  /** First delay before re-attempting a transiently failed step; doubles each time. */
  retryBaseMs: number;
  /** How often a step waiting for a recovery point looks again. */
  recoveryPointPollMs: number;
  /** How long a planned failover waits for a recovery point newer than the source stop. */
  finalRecoveryPointTimeoutMs: number;
  /** A TCP probe of a `pair:` health-check target gets this long to connect. */
  pairProbeTimeoutMs: number;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`Invalid configuration: ${name} must be a whole number of milliseconds (got "${raw}")`);
  return value;
}

export function failoverOptionsFromEnv(): FailoverOptions {
  const leaseMs = intFromEnv('TWINSITE_FAILOVER_LEASE_MS', 20_000);
  return {
    instanceId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    leaseMs,
    renewEveryMs: Math.max(200, Math.floor(leaseMs / 4)),
    leaseMarginMs: Math.max(100, Math.floor(leaseMs / 5)),
    perSiteConcurrency: intFromEnv('TWINSITE_FAILOVER_SITE_CONCURRENCY', 10),
    maxInFlight: intFromEnv('TWINSITE_FAILOVER_MAX_IN_FLIGHT', 64),
    maxAttempts: intFromEnv('TWINSITE_FAILOVER_MAX_ATTEMPTS', 5),
    retryBaseMs: intFromEnv('TWINSITE_FAILOVER_RETRY_BASE_MS', 1_000),
    recoveryPointPollMs: intFromEnv('TWINSITE_FAILOVER_RP_POLL_MS', 1_000),
    finalRecoveryPointTimeoutMs: intFromEnv('TWINSITE_FAILOVER_FINAL_RP_TIMEOUT_MS', 10 * 60_000),
    pairProbeTimeoutMs: intFromEnv('TWINSITE_FAILOVER_PAIR_PROBE_MS', 1_000),
  };
}

export const FAILOVER_OPTIONS = 'FAILOVER_OPTIONS';

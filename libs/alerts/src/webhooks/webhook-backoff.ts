import { IExponentialBackoffOptions, noJitterGenerator } from 'cockatiel';

/** Attempts per notification, the first included: 1 s, 2 s, 4 s, 8 s and 16 s apart. */
export const MAX_WEBHOOK_ATTEMPTS = 6;

const OPTIONS: IExponentialBackoffOptions<number> = {
  generator: noJitterGenerator,
  initialDelay: 1_000,
  maxDelay: 5 * 60_000,
  exponent: 2,
};

/**
 * How long to wait after failed attempt number `attempt` (1-based) before the next,
 * or null when that was the last one. Deterministic (no jitter): the next attempt's
 * time is stored in the delivery log, where an operator reads it, and deliveries are
 * already spread by the events that cause them.
 */
export function webhookRetryDelayMs(attempt: number, maxAttempts = MAX_WEBHOOK_ATTEMPTS): number | null {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  if (attempt >= maxAttempts) return null;
  const [delay] = noJitterGenerator(attempt - 1, OPTIONS);
  return delay;
}

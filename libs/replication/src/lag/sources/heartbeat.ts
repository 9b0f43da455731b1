import { measureHeartbeatLag } from '@twinsite/core';
import type { LagDiagnostics, LagSourceReading } from '../lag-source.port';

/**
 * The heartbeat method for database replication (`postgres`, `mysql`): each cycle
 * the sampler writes a row on the primary stamped with the PRIMARY's clock, which
 * replicates like any other write, and reads the newest row the replica has applied.
 *
 * Lag = the primary's newest heartbeat − the newest one applied at the replica. Both
 * times come from one clock (the primary's), so a skew between the primary, the
 * replica and the controller cancels out, and an idle primary does not look behind:
 * heartbeats keep flowing. The lag is known to within one heartbeat interval.
 */
export interface HeartbeatObservation {
  /** The primary's newest heartbeat this cycle compares against (primary's clock). */
  primaryNewestMs: number;
  /** The newest heartbeat applied at the replica (primary's clock); null when none has arrived. */
  replicaNewestMs: number | null;
  /** The primary's `now()` when it was read. */
  primaryNowMs: number;
  heartbeatIntervalMs: number;
  /** When the primary was read, by the controller's clock: the instant the lag refers to. */
  measuredAtMs: number;
}

export function heartbeatReading(
  o: HeartbeatObservation,
  diagnostics: LagDiagnostics = {},
): LagSourceReading {
  const heartbeat: Record<string, unknown> = {
    primaryNewestAt: iso(o.primaryNewestMs),
    replicaNewestAt: o.replicaNewestMs === null ? null : iso(o.replicaNewestMs),
    intervalSeconds: o.heartbeatIntervalMs / 1000,
  };
  if (o.replicaNewestMs === null) {
    return {
      ok: false,
      code: 'no-heartbeat-at-replica',
      error: 'no heartbeat has reached the replica yet (is it replicating from this primary?)',
      diagnostics: { ...diagnostics, heartbeat },
    };
  }
  const measured = measureHeartbeatLag({
    primaryNewestHeartbeatMs: o.primaryNewestMs,
    replicaNewestHeartbeatMs: o.replicaNewestMs,
    heartbeatIntervalMs: o.heartbeatIntervalMs,
    primaryNowMs: o.primaryNowMs,
  });
  // The writer is the sampler itself: a "stalled" writer means sampling paused (our
  // own outage, or a slow cycle), not that the primary stopped. Comparing with the
  // primary's now would turn our pause into lag, so the lag stays heartbeat − heartbeat.
  const lag = measured.writerStalled
    ? measureHeartbeatLag({
        primaryNewestHeartbeatMs: o.primaryNewestMs,
        replicaNewestHeartbeatMs: o.replicaNewestMs,
        heartbeatIntervalMs: o.heartbeatIntervalMs,
      })
    : measured;
  heartbeat.resolutionSeconds = lag.resolutionSeconds;
  if (measured.writerStalled) heartbeat.writerResumed = true;
  return {
    ok: true,
    lagSeconds: lag.lagSeconds,
    measuredAtMs: o.measuredAtMs,
    diagnostics: { ...diagnostics, heartbeat },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An error as words, without the database URLs (they carry credentials). */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const err = error as { message?: string; code?: string } | undefined;
  let message = err?.message || String(error);
  if (!err?.message && err?.code) message = err.code;
  for (const secret of secrets) {
    if (secret) message = message.split(secret).join('<url>');
    try {
      const password = decodeURIComponent(new URL(secret).password);
      if (password) message = message.split(password).join('***');
    } catch {
      // not a URL
    }
  }
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

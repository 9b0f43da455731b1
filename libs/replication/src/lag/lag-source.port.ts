import type { EpochMs, Seconds } from '@twinsite/core';
import type { LagSourceKind } from '../dtos/lag-source.dto';
import type { LagSourceSecrets } from '../lag-source';

/**
 * The lag source port: how the sampler learns a pair's newest recovery point. The
 * domain owns this interface; one adapter per lag source kind implements it
 * (`agent`, `postgres`, `mysql`, `arm-snapshot`).
 *
 * A source reads a whole batch at once, so an adapter can group its work (one ARM
 * list per target site, one query for all agent pairs) instead of one call per pair.
 */
export interface LagSource {
  readonly kind: LagSourceKind;
  /**
   * One result per pair of the batch (a pair missing from the map is read as a
   * failure). Never throws for a source that cannot be read: that is a result.
   */
  read(pairs: readonly LagSourcePair[], cycle: LagCycle): Promise<Map<string, LagSourceReading>>;
  /** Releases connections (module shutdown). */
  close?(): Promise<void>;
}

/** Nest token for the array of every adapter. */
export const LAG_SOURCES = Symbol('LAG_SOURCES');

/** What an adapter is told about a pair. */
export interface LagSourcePair {
  id: string;
  applicationId: string;
  sourceSiteId: string;
  targetSiteId: string;
  sourceResourceId: string;
  sampleIntervalSeconds: number;
  /** The lag source's settings (never the URLs). */
  settings: Record<string, unknown>;
  /** The URLs of a database lag source, opened for this read only; null for other kinds. */
  secrets: LagSourceSecrets | null;
}

/** One sampling cycle (one tick): adapters may share work between the batches of a cycle. */
export interface LagCycle {
  id: number;
  startedAtMs: EpochMs;
}

/** Free-form facts for operators (replication state, replay timestamps), stored with the pair's lag. */
export type LagDiagnostics = Record<string, unknown>;

/**
 * What one read of a lag source gave a pair: the newest recovery point present at
 * the target (agent checkpoints, ARM snapshots), or a lag measured by the source
 * itself (database heartbeats, one clock), or why it could not be read.
 */
export type LagSourceReading =
  | {
      ok: true;
      recoveryPointAt: EpochMs;
      /** When the controller learned of this recovery point (an agent's push), if the source knows. */
      receivedAtMs?: EpochMs;
      diagnostics?: LagDiagnostics;
    }
  | { ok: true; lagSeconds: Seconds; measuredAtMs?: EpochMs; diagnostics: LagDiagnostics }
  | { ok: false; error: string; code?: string; siteId?: string; diagnostics?: LagDiagnostics };

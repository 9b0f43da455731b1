import { assertNonNegative, EpochMs, MS_PER_SECOND, Seconds } from './time';

/** A period during which a pair's lag was beyond its RPO (or unknown). */
export interface Breach {
  startMs: EpochMs;
  /** Null when the breach had not ended by the end of the covered range (ongoing). */
  endMs: EpochMs | null;
  /** Length inside the covered range. For an ongoing breach, up to the end of that range. */
  durationSeconds: Seconds;
  /** The breach was already going on when the covered range began. */
  startedBeforeWindow?: boolean;
}

/**
 * Merges overlapping or touching breaches into one, sorted by start — e.g.
 * breaches computed over adjacent windows, or over several pairs of one
 * application. With `toleranceMs`, breaches separated by a shorter recovery are
 * merged too, so a lag that dips under the RPO for a moment is reported as one
 * incident rather than many.
 *
 * An ongoing breach (endMs null) is taken to extend `durationSeconds` from its
 * start; a merged breach is ongoing when its latest-ending member is.
 */
export function mergeBreaches(breaches: readonly Breach[], toleranceMs = 0): Breach[] {
  assertNonNegative(toleranceMs, 'toleranceMs');
  const intervals = breaches
    .map((b) => ({
      startMs: b.startMs,
      endMs: b.endMs ?? b.startMs + b.durationSeconds * MS_PER_SECOND,
      ongoing: b.endMs === null,
      startedBeforeWindow: b.startedBeforeWindow === true,
    }))
    .sort((x, y) => x.startMs - y.startMs || x.endMs - y.endMs);

  const merged: typeof intervals = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.startMs <= last.endMs + toleranceMs) {
      if (interval.endMs > last.endMs) {
        last.endMs = interval.endMs;
        last.ongoing = interval.ongoing;
      } else if (interval.endMs === last.endMs) {
        last.ongoing = last.ongoing || interval.ongoing;
      }
      last.startedBeforeWindow = last.startedBeforeWindow || interval.startedBeforeWindow;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged.map((m) => {
    const breach: Breach = {
      startMs: m.startMs,
      endMs: m.ongoing ? null : m.endMs,
      durationSeconds: (m.endMs - m.startMs) / MS_PER_SECOND,
    };
    if (m.startedBeforeWindow) {
      breach.startedBeforeWindow = true;
    }
    return breach;
  });
}

export type TimeWindow = '1h' | '24h' | '7d';

export const WINDOWS: ReadonlyArray<{ id: TimeWindow; label: string; ms: number }> = [
  { id: '1h', label: 'Last hour', ms: 3600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86400_000 },
];

/** The ISO range of a window ending now. */
export function windowRange(
  window: TimeWindow,
  now = Date.now(),
): { from: string; to: string; fromMs: number; toMs: number } {
  const ms = WINDOWS.find((w) => w.id === window)?.ms ?? 86400_000;
  return {
    from: new Date(now - ms).toISOString(),
    to: new Date(now).toISOString(),
    fromMs: now - ms,
    toMs: now,
  };
}

export const windowLabel = (window: TimeWindow) =>
  WINDOWS.find((w) => w.id === window)?.label.toLowerCase() ?? window;

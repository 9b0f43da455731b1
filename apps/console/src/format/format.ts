/** Plain words for durations and times: operators read these under stress. */

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest ? `${m} min ${rest} s` : `${m} min`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const clockFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatTime(iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? String(iso) : timeFormat.format(date);
}

export function formatClock(date: Date | null | undefined): string {
  return date ? clockFormat.format(date) : '—';
}

/** "3 min ago", for recency at a glance; the full time goes in a title. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const ms = now - new Date(iso).getTime();
  if (Number.isNaN(ms)) return String(iso);
  if (ms < 0) return 'just now';
  return `${formatDuration(ms / 1000)} ago`;
}

export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  // Rounded down, so that 99.96 % never reads as 100 %.
  const percent = Math.floor(share * 1000) / 10;
  return `${percent === 100 ? '100' : percent.toFixed(1)} %`;
}

/** The last segment of an ARM id, or the id itself. */
export function shortResourceName(id: string | null | undefined): string {
  if (!id) return '—';
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}

export const PROTECTION_LABEL: Record<string, string> = {
  replication: 'Replication',
  'backup-restore': 'Backup & restore',
  'high-availability': 'High availability',
  none: 'None',
};

export const RUN_KIND_LABEL: Record<string, string> = {
  test: 'Test failover',
  planned: 'Planned failover',
  unplanned: 'Unplanned failover',
};

export const SITE_FAILOVER_KIND_LABEL: Record<string, string> = {
  test: 'Test site failover',
  planned: 'Planned site failover',
  unplanned: 'Unplanned site failover',
};

export const ALERT_KIND_LABEL: Record<string, string> = {
  'rpo-warning': 'RPO warning',
  'rpo-breach': 'RPO breach',
  'lag-source-failing': 'Lag source failing',
  'site-unreachable': 'Site unreachable',
};

/** `vnet/subnet` out of a subnet's ARM id. */
export function subnetName(id: string | null | undefined): string {
  if (!id) return '—';
  const match = /virtualNetworks\/([^/]+)\/subnets\/([^/]+)/i.exec(id);
  return match ? `${match[1]}/${match[2]}` : shortResourceName(id);
}

/** Compact durations for chart axes: 45s, 5m, 6m50s, 2h5m, 3d. */
export function formatDurationShort(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s / 60}m`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return m ? `${Math.floor(s / 3600)}h${m}m` : `${Math.floor(s / 3600)}h`;
  }
  return `${Math.round(s / 86400)}d`;
}

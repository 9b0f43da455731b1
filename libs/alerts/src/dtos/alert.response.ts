import type { AlertEntity } from '../alert.entity';

export type AlertResponse = ReturnType<typeof toAlertResponse>;

export function toAlertResponse(alert: AlertEntity) {
  return {
    id: alert.id,
    kind: alert.kind,
    state: alert.state,
    pairId: alert.pairId,
    applicationId: alert.applicationId,
    siteId: alert.siteId,
    subjectKey: alert.subjectKey,
    openedAt: iso(alert.openedAt),
    acknowledgedAt: iso(alert.acknowledgedAt),
    acknowledgedBy: alert.acknowledgedBy,
    note: alert.note,
    resolvedAt: iso(alert.resolvedAt),
    details: alert.details,
    createdAt: iso(alert.createdAt),
  };
}

function iso<T extends Date | null>(value: T): T extends Date ? string : string | null {
  return (value === null ? null : new Date(value).toISOString()) as any;
}

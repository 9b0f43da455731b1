import { Link } from 'react-router';
import type { Alert } from '../api/types';
import { ALERT_KIND_LABEL, formatAgo, formatTime } from '../format/format';
import { AckForm } from './AckForm';
import { StateBadge } from './StateBadge';

export interface AlertNames {
  application(id: string): string | undefined;
  pair(id: string): { name: string; applicationId: string } | undefined;
  site(id: string): string | undefined;
}

interface Props {
  alert: Alert;
  names: AlertNames;
  canAcknowledge: boolean;
  onChanged(): void;
}

export function AlertItem({ alert, names, canAcknowledge, onChanged }: Props) {
  const pair = alert.pairId ? names.pair(alert.pairId) : undefined;
  const appId = alert.applicationId ?? pair?.applicationId;
  const appName = appId ? names.application(appId) : undefined;
  const siteName = alert.siteId ? names.site(alert.siteId) : undefined;
  const subject =
    [pair?.name ?? (alert.pairId ? 'a pair' : null), appName, siteName && `site ${siteName}`]
      .filter(Boolean)
      .join(' · ') || 'the estate';
  const severity = alert.kind === 'rpo-warning' ? 'warning' : 'breach';
  return (
    <li className={`alert-item alert-${alert.state === 'open' ? severity : alert.state}`}>
      <div className="alert-head">
        <strong>{ALERT_KIND_LABEL[alert.kind] ?? alert.kind}</strong>
        <StateBadge state={alert.state} />
        <span>on {appId && appName ? <Link to={`/applications/${appId}`}>{subject}</Link> : subject}</span>
      </div>
      <p className="small muted">
        opened <span title={formatTime(alert.openedAt)}>{formatAgo(alert.openedAt)}</span>
        {alert.resolvedAt && <> · resolved {formatTime(alert.resolvedAt)}</>}
        {alert.acknowledgedBy && <> · acknowledged by {alert.acknowledgedBy}</>}
      </p>
      {alert.note && <p className="alert-note">“{alert.note}”</p>}
      {canAcknowledge && alert.state === 'open' && (
        <AckForm alert={alert} subject={subject} onDone={onChanged} />
      )}
    </li>
  );
}

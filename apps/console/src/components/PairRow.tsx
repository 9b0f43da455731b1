import type { Pair } from '../api/types';
import { formatAgo, formatTime, shortResourceName } from '../format/format';
import { LagBar } from './LagBar';
import { StateBadge } from './StateBadge';

interface Props {
  pair: Pair;
  rpoSeconds: number;
  siteName(id: string): string;
  charted: boolean;
  onChart(): void;
}

export function PairRow({ pair, rpoSeconds, siteName, charted, onChart }: Props) {
  return (
    <tr className={charted ? 'selected' : undefined}>
      <th scope="row">
        {pair.name}
        <div className="muted small" title={pair.sourceResourceId}>
          {shortResourceName(pair.sourceResourceId) === pair.name
            ? ''
            : `${shortResourceName(pair.sourceResourceId)} · `}
          lag from {pair.lagSource.kind}
        </div>
      </th>
      <td>
        {siteName(pair.sourceSiteId)} → {siteName(pair.targetSiteId)}
      </td>
      <td>
        <StateBadge state={pair.state} />
      </td>
      <td>
        <LagBar lagSeconds={pair.lagSeconds} rpoSeconds={rpoSeconds} emptyText="No recovery point yet" />
        {pair.lastRecoveryPointAt && (
          <div className="small muted" title={formatTime(pair.lastRecoveryPointAt)}>
            recovery point {formatAgo(pair.lastRecoveryPointAt)}
          </div>
        )}
      </td>
      <td>
        <button type="button" className="small" aria-pressed={charted} onClick={onChart}>
          {charted ? 'Charted' : 'Chart'}
          <span className="visually-hidden"> lag of {pair.name}</span>
        </button>
      </td>
    </tr>
  );
}

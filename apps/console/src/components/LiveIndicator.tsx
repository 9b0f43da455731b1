import { useStreamStatus } from '../events/EventStreamContext';
import { formatClock } from '../format/format';

/**
 * Says honestly how fresh the page is: live from the event stream, or polled and when.
 * Not a live region: announcing every refresh would drown a screen reader.
 */
export function LiveIndicator({
  updatedAt,
  pollSeconds = 10,
}: {
  updatedAt: Date | null;
  pollSeconds?: number;
}) {
  const status = useStreamStatus();
  return (
    <p className={`live live-${status}`}>
      <span className="live-dot" aria-hidden="true" />
      {status === 'live' ? 'Live' : `Refreshing every ${pollSeconds} s`}
      <span className="muted"> · updated {formatClock(updatedAt)}</span>
    </p>
  );
}

import { formatDuration } from '../format/format';
import { CONDITION_LABEL, rpoCondition } from '../domain/rpo';

interface Props {
  lagSeconds: number | null | undefined;
  rpoSeconds: number;
  /** Shown instead of "No lag data" when there is a reason, e.g. "no pairs". */
  emptyText?: string;
}

/** The bar spans 0 to 1.25 × RPO, so the RPO mark sits at 80 % of the width and a breach is visibly past it. */
const SPAN = 1.25;

/**
 * Lag against the RPO: a bar for the eye, and the same facts in words (condition,
 * lag, RPO) so that nothing depends on colour alone.
 */
export function LagBar({ lagSeconds, rpoSeconds, emptyText }: Props) {
  const condition = rpoCondition(lagSeconds, rpoSeconds);
  const known = condition !== 'unknown';
  const fill = known ? Math.min(1, (lagSeconds as number) / (rpoSeconds * SPAN)) : 0;
  return (
    <div className={`lag lag-${condition}`}>
      <div className="lag-track" aria-hidden="true">
        <div className="lag-fill" style={{ width: `${(fill * 100).toFixed(1)}%` }} />
        <div className="lag-rpo" style={{ left: `${(100 / SPAN).toFixed(1)}%` }} />
      </div>
      <div className="lag-text">
        {known ? (
          <>
            <strong>{CONDITION_LABEL[condition]}</strong> · {formatDuration(lagSeconds)}{' '}
            <span className="muted">of {formatDuration(rpoSeconds)} RPO</span>
          </>
        ) : (
          <span className="muted">{emptyText ?? CONDITION_LABEL.unknown}</span>
        )}
      </div>
    </div>
  );
}

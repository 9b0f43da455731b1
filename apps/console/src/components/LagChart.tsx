import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api } from '../api/client';
import type { Pair } from '../api/types';
import { windowLabel, windowRange, type TimeWindow } from '../domain/windows';
import { usePollInterval } from '../events/EventStreamContext';
import { formatDuration, formatDurationShort, formatTime } from '../format/format';
import { useInterval } from '../hooks/useInterval';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

interface Props {
  pair: Pair;
  rpoSeconds: number;
  window: TimeWindow;
}

const tickTime = (window: TimeWindow) => (ms: number) =>
  new Date(ms).toLocaleString(
    undefined,
    window === '7d' ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
  );

/** One pair's lag over the window, with the RPO as a reference line; summarised in words for screen readers. */
export function LagChart({ pair, rpoSeconds, window }: Props) {
  const lag = useLoad(
    async (signal) => {
      const range = windowRange(window);
      const answer = await api.pairLag(pair.id, range.from, range.to, signal);
      const points = (answer.points ?? []).map((p) => ({
        t: new Date(p.at).getTime(),
        lag: p.lagSeconds,
        // A bucket's highest sample; a raw sample is its own.
        max: p.maxLagSeconds ?? p.lagSeconds,
      }));
      // Over long windows the controller answers buckets (averages) rather than samples.
      const bucketSeconds =
        answer.resolution && answer.resolution !== 'raw' ? (answer.bucketSeconds ?? null) : null;
      return { range, points, bucketSeconds };
    },
    [pair.id, window],
  );
  useInterval(lag.reload, usePollInterval(30_000, 60_000));

  const known = lag.data?.points.filter((p) => p.lag !== null) ?? [];
  const highest = known.reduce<number | null>(
    (m, p) => (p.max !== null && (m === null || p.max > m) ? p.max : m),
    null,
  );
  const latest = known.length ? known[known.length - 1].lag : null;
  const count = lag.data?.points.length ?? 0;
  const bucket = lag.data?.bucketSeconds ?? null;
  return (
    <figure className="panel chart" aria-labelledby="chart-caption">
      <figcaption id="chart-caption">
        <strong>Lag of {pair.name}</strong> over the {windowLabel(window)}
        {lag.data && (
          <span className="muted">
            {' '}
            ·{' '}
            {bucket
              ? `${count} point${count === 1 ? '' : 's'}, each the average of ${formatDuration(bucket)}`
              : `${count} sample${count === 1 ? '' : 's'}`}
            {highest !== null && ` · highest ${formatDuration(highest)}`}
            {latest !== null && ` · latest ${formatDuration(latest)}`} · RPO {formatDuration(rpoSeconds)}
          </span>
        )}
      </figcaption>
      <ErrorNotice error={lag.error} what="Loading the lag history" feature="Lag history" />
      {lag.loading && <Loading what="lag history" />}
      {lag.data && lag.data.points.length === 0 && <p className="muted">No lag samples in this window.</p>}
      {lag.data && lag.data.points.length > 0 && (
        <div className="chart-box" aria-hidden="true">
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={lag.data.points} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[lag.data.range.fromMs, lag.data.range.toMs]}
                tickFormatter={tickTime(window)}
                stroke="#57606a"
              />
              <YAxis
                width={56}
                domain={[0, (max: number) => Math.max(max, rpoSeconds * 1.2)]}
                tickFormatter={formatDurationShort}
                stroke="#57606a"
              />
              <Tooltip
                labelFormatter={(ms) => formatTime(new Date(Number(ms)))}
                formatter={(value) => [formatDuration(typeof value === 'number' ? value : null), 'Lag']}
              />
              <ReferenceLine
                y={rpoSeconds}
                stroke="#cf222e"
                strokeDasharray="6 3"
                strokeWidth={2}
                label={{
                  value: `RPO ${formatDuration(rpoSeconds)}`,
                  position: 'insideTopLeft',
                  fill: '#a40e26',
                }}
              />
              <Line
                type="stepAfter"
                dataKey="lag"
                stroke="#0a58ca"
                strokeWidth={2}
                // A new pair has few points (one bucket over a day): draw them, or nothing would show.
                dot={count <= 30}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

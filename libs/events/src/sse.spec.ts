import { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { TwinsiteEvent } from './event.types';
import { formatSseEvent, parseTypes, SSE_HEARTBEAT, sseFrames, SseFrameOptions } from './sse';

const event = (id: string, type: TwinsiteEvent['type'], data: Record<string, unknown>): TwinsiteEvent => ({
  id,
  type,
  at: '2025-06-01T00:00:00.000Z',
  data,
});

/** Runs the pipeline in virtual time and returns [ms, frame] for everything but the prelude. */
function run(
  marbles: string,
  values: Record<string, TwinsiteEvent>,
  options: SseFrameOptions = {},
  untilMs = 10_000,
): Array<[number, string]> {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const out: Array<[number, string]> = [];
  scheduler.run(({ hot, flush }) => {
    const source: Observable<TwinsiteEvent> = hot(marbles, values);
    const subscription = sseFrames(source, options).subscribe((frame) => out.push([scheduler.now(), frame]));
    scheduler.schedule(() => subscription.unsubscribe(), untilMs);
    flush();
  });
  return out.slice(1);
}

const frameOf = (e: TwinsiteEvent) => formatSseEvent(e);

describe('sseFrames', () => {
  it('starts with a retry hint and a connected comment', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(sseFrames(cold('-'), { heartbeatMs: 1_000 }), '^ 10ms !').toBe('a', {
        a: 'retry: 3000\n: connected\n\n',
      });
    });
  });

  it('writes the type as `event:`, the id as `id:` and the data as one JSON line', () => {
    const e = event('e1', 'alert', { event: 'opened', alert: { id: 'a1', note: 'two\nlines' } });
    expect(formatSseEvent(e)).toBe(
      'event: alert\nid: e1\ndata: {"event":"opened","alert":{"id":"a1","note":"two\\nlines"}}\n\n',
    );
  });

  it('passes non-lag events straight through, in order', () => {
    const a = event('1', 'alert', { id: 'x' });
    const b = event('2', 'run', { id: 'y' });
    const c = event('3', 'alert', { id: 'x' });
    expect(run('-abc', { a, b, c })).toEqual([
      [1, frameOf(a)],
      [2, frameOf(b)],
      [3, frameOf(c)],
    ]);
  });

  it('throttles lag events per pair to one per 2 s: the first at once, then the latest', () => {
    const v = (n: number, pairId = 'p1') => event(`${pairId}-${n}`, 'lag', { pairId, lagSeconds: n });
    const values = { a: v(1), b: v(2), c: v(3), x: v(1, 'p2'), d: v(4), e: v(5) };
    // p1 at 1, 2, 3 ms; p2 at 4 ms; p1 again at 3000 ms and 3001 ms.
    const frames = run('-abcx 2995ms de', values);
    expect(frames).toEqual([
      [1, frameOf(values.a)],
      [4, frameOf(values.x)],
      // end of p1's window: the latest value of the burst (3, not 2)
      [2001, frameOf(values.c)],
      // that trailing send opened p1's next window (2001-4001): 4 and 5 fall in it, 5 is the latest and wins
      [4001, frameOf(values.e)],
    ]);
  });

  it('never throttles an alert behind lag events', () => {
    const lag1 = event('l1', 'lag', { pairId: 'p1', lagSeconds: 1 });
    const lag2 = event('l2', 'lag', { pairId: 'p1', lagSeconds: 2 });
    const alert = event('a1', 'alert', { id: 'a' });
    expect(run('-abc', { a: lag1, b: lag2, c: alert }).map(([ms, f]) => [ms, f.split('\n')[0]])).toEqual([
      [1, 'event: lag'],
      [3, 'event: alert'],
      [2001, 'event: lag'],
    ]);
  });

  it('filters by type', () => {
    const lag = event('l', 'lag', { pairId: 'p1' });
    const alert = event('a', 'alert', { id: 'a' });
    const run1 = event('r', 'run', { id: 'r' });
    expect(run('-abc', { a: lag, b: alert, c: run1 }, { types: parseTypes('alert,run') })).toEqual([
      [2, frameOf(alert)],
      [3, frameOf(run1)],
    ]);
  });

  it('sends a heartbeat comment every 15 s by default', () => {
    const frames = run('-', {}, {}, 46_000);
    expect(frames).toEqual([
      [15_000, SSE_HEARTBEAT],
      [30_000, SSE_HEARTBEAT],
      [45_000, SSE_HEARTBEAT],
    ]);
  });

  it('forgets a quiet pair, and throttles it afresh when it speaks again', () => {
    const values = { a: event('1', 'lag', { pairId: 'p' }), b: event('2', 'lag', { pairId: 'p' }) };
    const frames = run('-a 70000ms b', values, { heartbeatMs: 1_000_000 }, 80_000);
    expect(frames.map(([ms]) => ms)).toEqual([1, 70_002]);
  });

  it('ends when the event source completes (the instance shutting down)', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ hot, expectObservable }) => {
      const a = event('1', 'alert', { id: 'x' });
      expectObservable(sseFrames(hot('-a-|', { a }), { heartbeatMs: 2 }), '^ 10ms !').toBe('pab|', {
        p: 'retry: 3000\n: connected\n\n',
        a: frameOf(a),
        b: SSE_HEARTBEAT,
      });
    });
  });
});

describe('parseTypes', () => {
  it('reads a comma list, or null for all', () => {
    expect(parseTypes(undefined)).toBeNull();
    expect(parseTypes('')).toBeNull();
    expect([...parseTypes('alert, run')!]).toEqual(['alert', 'run']);
  });
});

import type { TwinsiteEvent } from './event.types';
import {
  decodeNotifyPayload,
  encodeNotifyPayloads,
  isNotifyPayloadFrom,
  MAX_NOTIFY_BYTES,
  NotifyEnvelope,
} from './notify-payload';

const ORIGIN = 'instance-a';

const event = (data: Record<string, unknown>, id = 'e1'): TwinsiteEvent => ({
  id,
  type: 'run',
  at: '2025-06-01T00:00:00.000Z',
  data,
});

const lag = (i: number): TwinsiteEvent => ({
  id: `e${i}`,
  type: 'lag',
  at: '2025-06-01T00:00:00.000Z',
  data: { pairId: `p${i}`, lagSeconds: i, state: 'healthy', stale: false },
});

/** What a listener on another instance would emit, payload by payload. */
const received = (payloads: string[]) => payloads.flatMap((p) => decodeNotifyPayload(p)!.events);

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('NOTIFY payloads', () => {
  it('sends a lone event in the single-envelope form instances before batching read', () => {
    const e = event({ id: 'r1', state: 'running' });
    const payloads = encodeNotifyPayloads(ORIGIN, [e]);
    expect(payloads).toHaveLength(1);
    expect(JSON.parse(payloads[0])).toEqual({ ...e, origin: ORIGIN });
    expect(decodeNotifyPayload(payloads[0])).toEqual({ origin: ORIGIN, events: [e] });
  });

  it('packs many events into few notifications, each under the limit, in order', () => {
    const events = Array.from({ length: 1000 }, (_, i) => lag(i));
    const payloads = encodeNotifyPayloads(ORIGIN, events);
    expect(payloads.length).toBeLessThan(events.length / 20);
    for (const p of payloads) expect(bytes(p)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    // Not wastefully: every payload but the last would overflow with the next event.
    for (const p of payloads.slice(0, -1)) expect(bytes(p)).toBeGreaterThan(MAX_NOTIFY_BYTES - 200);
    expect(received(payloads)).toEqual(events);
  });

  it('fills a batch up to exactly the limit, and starts a new one a byte past it', () => {
    const events = Array.from({ length: 10 }, (_, i) => lag(i));
    const whole = encodeNotifyPayloads(ORIGIN, events, Infinity);
    expect(whole).toHaveLength(1);
    const exact = bytes(whole[0]);
    expect(encodeNotifyPayloads(ORIGIN, events, exact)).toEqual(whole);
    const split = encodeNotifyPayloads(ORIGIN, events, exact - 1);
    expect(split).toHaveLength(2);
    // The last event goes alone, in the single form.
    expect(JSON.parse(split[1])).toEqual({ ...events[9], origin: ORIGIN });
    expect(received(split)).toEqual(events);
  });

  it('replaces an event too big for NOTIFY by a reference the client can refetch', () => {
    const e = event({
      id: 'r1',
      planId: 'p1',
      state: 'running',
      steps: Array.from({ length: 500 }, (_, i) => ({ i, log: 'x'.repeat(50) })),
    });
    const [payload] = encodeNotifyPayloads(ORIGIN, [e]);
    expect(bytes(payload)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    expect(JSON.parse(payload)).toEqual({
      ...e,
      data: { truncated: true, id: 'r1', planId: 'p1', state: 'running' },
      origin: ORIGIN,
    });
  });

  it('truncates an oversized event among small ones, keeping its place and leaving the others whole', () => {
    const big = event({ id: 'r1', text: 'y'.repeat(9000) }, 'big');
    const events = [lag(0), lag(1), big, lag(2), lag(3)];
    const payloads = encodeNotifyPayloads(ORIGIN, events);
    expect(payloads).toHaveLength(1);
    expect(received(payloads)).toEqual([
      lag(0),
      lag(1),
      { ...big, data: { truncated: true, id: 'r1' } },
      lag(2),
      lag(3),
    ]);
  });

  it('keeps whole an event that fits alone but not beside others', () => {
    const large = event({ id: 'r1', text: 'z'.repeat(MAX_NOTIFY_BYTES - 200) }, 'large');
    const events = [lag(0), large, lag(1)];
    const payloads = encodeNotifyPayloads(ORIGIN, events);
    expect(payloads).toHaveLength(3);
    for (const p of payloads) expect(bytes(p)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    expect(received(payloads)).toEqual(events);
  });

  it('counts bytes, not characters', () => {
    const e = event({ id: 'r1', text: 'é'.repeat(4000) }); // 4000 chars, 8000 bytes
    expect(received(encodeNotifyPayloads(ORIGIN, [e]))[0].data).toEqual({ truncated: true, id: 'r1' });
    const small = Array.from({ length: 3 }, (_, i) => event({ text: 'é'.repeat(1500) }, `e${i}`)); // 3000 bytes each
    const payloads = encodeNotifyPayloads(ORIGIN, small);
    expect(payloads).toHaveLength(2);
    expect(received(payloads)).toEqual(small);
  });

  it('decodes both the single-envelope and the batch form', () => {
    const single: NotifyEnvelope = { ...lag(1), origin: 'old-instance' };
    expect(decodeNotifyPayload(JSON.stringify(single))).toEqual({ origin: 'old-instance', events: [lag(1)] });
    const batch = { v: 2, origin: 'new-instance', events: [lag(1), lag(2)] };
    expect(decodeNotifyPayload(JSON.stringify(batch))).toEqual({
      origin: 'new-instance',
      events: [lag(1), lag(2)],
    });
  });

  it('ignores notifications that are not ours, without throwing', () => {
    for (const garbage of [
      undefined,
      '',
      'hello',
      '{',
      'null',
      '42',
      '[1,2]',
      '{"id":"x"}',
      '{"v":2,"events":[]}',
      '{"v":3,"origin":"a","events":[]}',
      '{"v":2,"origin":"a","events":"nope"}',
    ]) {
      expect(decodeNotifyPayload(garbage)).toBeNull();
    }
  });

  it('drops malformed events inside a batch and keeps the rest in order', () => {
    const batch = { v: 2, origin: 'a', events: [lag(1), null, 7, { id: 'x', type: 'lag' }, lag(2)] };
    expect(decodeNotifyPayload(JSON.stringify(batch))).toEqual({ origin: 'a', events: [lag(1), lag(2)] });
  });

  it('recognises its own payloads, in either form, without parsing them', () => {
    const [single] = encodeNotifyPayloads(ORIGIN, [lag(1)]);
    const [batch] = encodeNotifyPayloads(ORIGIN, [lag(1), lag(2)]);
    for (const p of [single, batch]) {
      expect(isNotifyPayloadFrom(p, ORIGIN)).toBe(true);
      expect(isNotifyPayloadFrom(p, 'instance-b')).toBe(false);
    }
    expect(isNotifyPayloadFrom(undefined, ORIGIN)).toBe(false);
    expect(isNotifyPayloadFrom('hello', ORIGIN)).toBe(false);
  });
});

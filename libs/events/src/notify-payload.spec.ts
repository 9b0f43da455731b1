import { decodeNotifyPayload, encodeNotifyPayload, MAX_NOTIFY_BYTES, NotifyEnvelope } from './notify-payload';

const envelope = (data: Record<string, unknown>): NotifyEnvelope => ({
  id: 'e1',
  type: 'run',
  at: '2025-06-01T00:00:00.000Z',
  origin: 'instance-a',
  data,
});

describe('NOTIFY payloads', () => {
  it('sends a small event whole', () => {
    const e = envelope({ id: 'r1', state: 'running' });
    const { payload, event } = encodeNotifyPayload(e);
    expect(JSON.parse(payload)).toEqual(e);
    expect(event).toBe(e);
  });

  it('replaces an event too big for NOTIFY by a reference the client can refetch', () => {
    const e = envelope({
      id: 'r1',
      planId: 'p1',
      state: 'running',
      steps: Array.from({ length: 500 }, (_, i) => ({ i, log: 'x'.repeat(50) })),
    });
    const { payload, event } = encodeNotifyPayload(e);
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    expect(event.data).toEqual({ truncated: true, id: 'r1', planId: 'p1', state: 'running' });
    expect(JSON.parse(payload)).toEqual(event);
  });

  it('counts bytes, not characters', () => {
    const e = envelope({ id: 'r1', text: 'é'.repeat(4000) }); // 4000 chars, 8000 bytes
    expect(encodeNotifyPayload(e).event.data).toEqual({ truncated: true, id: 'r1' });
  });

  it('ignores notifications that are not ours', () => {
    expect(decodeNotifyPayload(undefined)).toBeNull();
    expect(decodeNotifyPayload('hello')).toBeNull();
    expect(decodeNotifyPayload('{"id":"x"}')).toBeNull();
    expect(decodeNotifyPayload(JSON.stringify(envelope({ a: 1 })))).toEqual(envelope({ a: 1 }));
  });
});

import { MAX_WEBHOOK_ATTEMPTS, webhookRetryDelayMs } from './webhook-backoff';

describe('webhook retry backoff', () => {
  it('doubles from 1 s and stops after the sixth attempt', () => {
    expect(MAX_WEBHOOK_ATTEMPTS).toBe(6);
    expect([1, 2, 3, 4, 5, 6].map((n) => webhookRetryDelayMs(n))).toEqual([
      1000,
      2000,
      4000,
      8000,
      16000,
      null,
    ]);
  });

  it('caps the delay', () => {
    expect(webhookRetryDelayMs(20, 30)).toBe(5 * 60_000);
  });

  it('honours another attempt budget', () => {
    expect(webhookRetryDelayMs(2, 3)).toBe(2000);
    expect(webhookRetryDelayMs(3, 3)).toBeNull();
  });

  it('refuses a nonsense attempt number', () => {
    expect(() => webhookRetryDelayMs(0)).toThrow(RangeError);
    expect(() => webhookRetryDelayMs(1.5)).toThrow(RangeError);
  });
});

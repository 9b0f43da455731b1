import { mapLimit } from './map-limit';

describe('mapLimit', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('passes each item its index, and still runs with a limit below one', async () => {
    expect(await mapLimit(['a', 'b'], 0, async (s, i) => `${s}${i}`)).toEqual(['a0', 'b1']);
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
  });
});

import { OperationTracker } from './lro';

describe('OperationTracker', () => {
  it('finishes operations once their latency has passed, in deadline order', () => {
    const tracker = new OperationTracker(() => new Date(0));
    const order: string[] = [];
    const now = Date.now();
    const slow = tracker.start({
      namespace: 'Microsoft.Compute',
      latencyMs: 200,
      now: new Date(),
      complete: () => order.push('slow'),
    });
    const fast = tracker.start({
      namespace: 'Microsoft.Compute',
      latencyMs: 100,
      now: new Date(),
      complete: () => order.push('fast'),
    });
    tracker.settle(now + 50);
    expect(slow.status).toBe('InProgress');
    expect(tracker.pendingCount()).toBe(2);
    tracker.settle(now + 250);
    expect(order).toEqual(['fast', 'slow']);
    expect(fast.status).toBe('Succeeded');
    expect(fast.endTime).toEqual(new Date(0));
  });

  it('ends an operation Failed with the injected error and runs its failure hook', () => {
    const tracker = new OperationTracker(() => new Date());
    let failedHook = false;
    let completed = false;
    const op = tracker.start({
      namespace: 'Microsoft.Network',
      latencyMs: 0,
      now: new Date(),
      complete: () => (completed = true),
      failure: { status: 500, error: { code: 'Boom', message: 'boom' }, onFailed: () => (failedHook = true) },
    });
    tracker.settle(Date.now() + 1);
    expect(op.status).toBe('Failed');
    expect(op.error).toEqual({ code: 'Boom', message: 'boom' });
    expect(failedHook).toBe(true);
    expect(completed).toBe(false);
    expect(tracker.get(op.id)).toBe(op);
  });
});

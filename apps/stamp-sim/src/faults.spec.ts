import { FaultInputError, mergeFaults, noFaults, operationLatency, takeMatchingRule } from './faults';

describe('faults', () => {
  it('merges partial fault documents and validates them', () => {
    const merged = mergeFaults(noFaults(), { down: 'hang', latencyMs: 20 });
    expect(merged).toMatchObject({ down: 'hang', latencyMs: 20, linkDown: false });
    expect(mergeFaults(merged, { down: false }).down).toBe(false);
    expect(() => mergeFaults(noFaults(), { down: 'maybe' })).toThrow(FaultInputError);
    expect(() => mergeFaults(noFaults(), { errorRate: 1.5 })).toThrow(FaultInputError);
    expect(() => mergeFaults(noFaults(), { nonsense: 1 })).toThrow(/unknown fault/);
    expect(() => mergeFaults(noFaults(), { failOperation: [{ status: 200, code: 'X' }] })).toThrow(
      FaultInputError,
    );
  });

  it('uses up rules with a count and keeps the others', () => {
    const rules = mergeFaults(noFaults(), {
      failOperation: [
        { method: 'put', pathContains: '/Disks/', status: 500, code: 'A', times: 2 },
        { pathContains: 'virtualMachines', status: 409, code: 'B' },
      ],
    }).failOperation;
    expect(takeMatchingRule(rules, 'GET', '/x/disks/d1')).toBeUndefined();
    expect(takeMatchingRule(rules, 'PUT', '/x/disks/d1')?.code).toBe('A');
    expect(takeMatchingRule(rules, 'PUT', '/x/DISKS/d1')?.code).toBe('A');
    expect(takeMatchingRule(rules, 'PUT', '/x/disks/d1')).toBeUndefined();
    expect(rules).toHaveLength(1);
    for (let i = 0; i < 3; i++)
      expect(takeMatchingRule(rules, 'DELETE', '/x/virtualMachines/v')?.code).toBe('B');
  });

  it('finds the most specific operation latency', () => {
    const map = mergeFaults(noFaults(), {
      operationLatencyMs: { 'POST virtualMachines/start': 5, 'PUT virtualMachines': 7, disks: 3, '*': 1 },
    }).operationLatencyMs;
    expect(operationLatency(map, 'POST', 'virtualMachines', 'start', 0)).toBe(5);
    expect(operationLatency(map, 'PUT', 'virtualMachines', undefined, 0)).toBe(7);
    expect(operationLatency(map, 'DELETE', 'disks', undefined, 0)).toBe(3);
    expect(operationLatency(map, 'DELETE', 'loadBalancers', undefined, 0)).toBe(1);
    expect(operationLatency({}, 'DELETE', 'loadBalancers', undefined, 9)).toBe(9);
  });
});

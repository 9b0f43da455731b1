import { diskName, nicName, publicIpName, runTags, testResourceGroup } from './names';

describe('deterministic names', () => {
  it('names what a VM needs after the VM, so a resumed step asks for the same names', () => {
    expect([
      nicName('web-01'),
      publicIpName('web-01'),
      diskName('web-01', 'os'),
      diskName('web-01', 'data-2'),
    ]).toEqual(['web-01-dr', 'web-01-dr-pip', 'web-01-dr-osdisk', 'web-01-dr-data-2']);
  });

  it('gives each test run a resource group of its own, within ARM’s 90 characters', () => {
    const runId = '7d9f3c1a-0000-4000-8000-000000000000';
    expect(testResourceGroup('app-dr', runId)).toBe('app-dr-test-7d9f3c1a');
    expect(testResourceGroup('x'.repeat(90), runId)).toHaveLength(90);
  });

  it('tags every resource with the run', () => {
    expect(runTags({ id: 'r1', planId: 'p1', kind: 'test' }, 'pair-1')).toEqual({
      'twinsite-run': 'r1',
      'twinsite-plan': 'p1',
      'twinsite-run-kind': 'test',
      'twinsite-pair': 'pair-1',
    });
  });
});

import { queueSummary, readSiteFindings, siteActions } from './siteFailovers';

const summary = (
  over: Partial<Record<'plans' | 'queued' | 'inFlight' | 'failedOver' | 'failed' | 'cancelled', number>>,
) => ({
  summary: { plans: 3, queued: 0, inFlight: 0, failedOver: 0, failed: 0, cancelled: 0, ...over },
});

describe('site failover rules of the console', () => {
  it('says the queue in one line, leaving out what is zero', () => {
    expect(queueSummary(summary({ failedOver: 2, failed: 1 }))).toBe('2 of 3 plans failed over · 1 failed');
    expect(queueSummary(summary({ plans: 1, inFlight: 1 }))).toBe('0 of 1 plan failed over · 1 in flight');
    expect(queueSummary(summary({ plans: 10, failedOver: 3, inFlight: 3, queued: 4 }))).toBe(
      '3 of 10 plans failed over · 3 in flight · 4 queued',
    );
  });

  it('offers only the actions the controller allows, retry and cleanup before the irreversible ones', () => {
    expect(siteActions({ allowedActions: ['cancel', 'retry'] })).toEqual(['retry', 'cancel']);
    expect(siteActions({ allowedActions: ['commit', 'cancel'] })).toEqual(['commit', 'cancel']);
    expect(siteActions({ allowedActions: [] })).toEqual([]);
    expect(siteActions({ allowedActions: undefined as never })).toEqual([]);
  });

  it('names the plan of each combined finding, and blocks on errors only', () => {
    const read = readSiteFindings([
      { severity: 'warning', code: 'os-type-assumed', message: 'vm-1: Linux is assumed', planName: 'erp-dr' },
      { severity: 'error', code: 'quota', message: 'needs 24 cores, 16 free' },
    ]);
    expect(read.ready).toBe(false);
    expect(read.findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', 'erp-dr: vm-1: Linux is assumed'],
      ['error', 'needs 24 cores, 16 free'],
    ]);
    expect(readSiteFindings([], true)).toEqual({ ready: true, findings: [] });
    expect(readSiteFindings(undefined).ready).toBe(true);
  });
});

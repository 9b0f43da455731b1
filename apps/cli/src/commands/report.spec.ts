import { formatComplianceReport, percent, reportPeriod } from './report';

describe('report period', () => {
  const now = new Date('2025-11-26T12:00:00Z');

  it('goes back --since from now (7 days unless told)', () => {
    expect(reportPeriod({ since: '7d' }, now)).toEqual({
      from: '2025-11-19T12:00:00.000Z',
      to: '2025-11-26T12:00:00.000Z',
    });
    expect(reportPeriod({}, now)).toEqual(reportPeriod({ since: '7d' }, now));
    expect(reportPeriod({ since: '1h30m' }, now).from).toBe('2025-11-26T10:30:00.000Z');
  });

  it('takes --from and --to instead', () => {
    expect(reportPeriod({ from: '2025-11-01', to: '2025-11-02T00:00:00Z' }, now)).toEqual({
      from: '2025-11-01T00:00:00.000Z',
      to: '2025-11-02T00:00:00.000Z',
    });
  });

  it('refuses what it cannot read as usage errors', () => {
    expect(() => reportPeriod({ since: '1 month' }, now)).toThrow(
      expect.objectContaining({ exitCode: 1, message: expect.stringContaining('--since') }),
    );
    expect(() => reportPeriod({ from: 'yesterday' }, now)).toThrow(expect.objectContaining({ exitCode: 1 }));
    expect(() => reportPeriod({ from: '2025-12-01' }, now)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('empty') }),
    );
    expect(() => reportPeriod({ since: '7d', from: '2025-11-01' }, now)).toThrow(
      expect.objectContaining({ exitCode: 1 }),
    );
  });
});

describe('compliance report for people', () => {
  it('rounds compliance down, so that a breach never reads as 100%', () => {
    expect([percent(1), percent(0.99999), percent(0.5), percent(0), percent(null)]).toEqual([
      '100%',
      '99.9%',
      '50.0%',
      '0.0%',
      'no data',
    ]);
  });

  it('prints a line per application and its pairs as a table', () => {
    const text = formatComplianceReport({
      from: '2025-11-19T00:00:00.000Z',
      to: '2025-11-26T00:00:00.000Z',
      applications: [
        {
          name: 'payments',
          tier: 1,
          rpoSeconds: 300,
          compliance: 0.98,
          worstLagSeconds: 900,
          breachCount: 1,
          breachSeconds: 3600,
          currentState: 'within-rpo',
          state: 'healthy',
          lagSeconds: 20,
          pairs: [
            {
              name: 'pay-db-01',
              compliance: 0.98,
              worstLagSeconds: 900,
              breachCount: 1,
              breachSeconds: 3600,
              state: 'healthy',
              lagSeconds: 20,
            },
          ],
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'RPO compliance from 2025-11-19T00:00:00.000Z to 2025-11-26T00:00:00.000Z',
      '',
      'payments (tier 1, RPO 5m): 98.0% within RPO, worst lag 15m, 1 breach (1h), now within-rpo',
      '  PAIR       WITHIN RPO  WORST LAG  BREACHES  BREACH TIME  STATE    LAG NOW',
      '  pay-db-01  98.0%       15m        1         1h           healthy  20s',
      '',
    ]);
  });
});

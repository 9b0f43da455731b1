import { complianceCsv, csvCell, CSV_COLUMNS } from './compliance-csv';
import type { ComplianceReport } from './compliance-report';

describe('compliance CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
  });

  it('writes application, breach and pair rows', () => {
    const report: ComplianceReport = {
      from: '2025-06-01T00:00:00.000Z',
      to: '2025-06-02T00:00:00.000Z',
      generatedAt: '2025-06-02T00:00:01.000Z',
      applications: [
        {
          id: 'app-1',
          name: 'payments, eu',
          tier: 1,
          rpoSeconds: 300,
          pairCount: 1,
          coveredSeconds: 86400,
          withinSeconds: 86100,
          compliance: 86100 / 86400,
          worstLagSeconds: 600.25,
          breachCount: 1,
          breachSeconds: 300,
          breaches: [
            {
              start: '2025-06-01T10:00:00.000Z',
              end: '2025-06-01T10:05:00.000Z',
              durationSeconds: 300,
              startedBeforeWindow: false,
            },
          ],
          currentState: 'within-rpo',
          pairs: [
            {
              id: 'pair-1',
              name: 'vm-1',
              state: 'protected',
              lagSeconds: 12,
              createdAt: '2025-01-01T00:00:00.000Z',
              coveredSeconds: 86400,
              withinSeconds: 86100,
              compliance: 86100 / 86400,
              worstLagSeconds: 600.25,
              unknownSeconds: 0,
              staleSeconds: 0,
              lagSecondsAtEnd: 12,
              withinRpoAtEnd: true,
              breachCount: 1,
              breachSeconds: 300,
              breaches: [
                {
                  start: '2025-06-01T10:00:00.000Z',
                  end: null,
                  durationSeconds: 300,
                  startedBeforeWindow: false,
                },
              ],
            },
          ],
        },
      ],
    };
    const lines = complianceCsv(report).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.map((l) => l.split(',')[0])).toEqual([
      'row',
      'application',
      'application-breach',
      'pair',
      'breach',
      '',
    ]);
    expect(lines[1]).toBe(
      'application,app-1,"payments, eu",300,,,2025-06-01T00:00:00.000Z,2025-06-02T00:00:00.000Z,86400,86100,99.653,600.25,1,300,within-rpo,,,,',
    );
    expect(lines[3]).toContain(',pair-1,vm-1,');
    expect(lines[4].endsWith(',2025-06-01T10:00:00.000Z,,300')).toBe(true);
  });
});

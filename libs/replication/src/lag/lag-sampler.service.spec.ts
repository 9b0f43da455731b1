import { isDatabaseUnavailable } from './lag-sampler.service';

describe('isDatabaseUnavailable', () => {
  it('tells our own database being away from a bug', () => {
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable({
        message: 'terminating connection due to administrator command',
        driverError: { code: '57P01' },
      }),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new RangeError('recoveryPointMs must be a finite number'))).toBe(false);
    expect(isDatabaseUnavailable({ message: 'syntax error', driverError: { code: '42601' } })).toBe(false);
  });
});

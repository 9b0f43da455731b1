import { ApiError, EndpointMissingError, UnreachableError } from './api-client';
import { EstateError } from './apply/estate';
import { CliError, ExitCode, exitCodeFor, exitCodeForStatus, usageError } from './exit-codes';

describe('exit codes', () => {
  it.each([
    [200, 0],
    [400, 2],
    [422, 2],
    [413, 2],
    [401, 4],
    [403, 4],
    [404, 3],
    [409, 5],
    [412, 5],
    [429, 6],
    [500, 6],
    [503, 6],
  ])('HTTP %i exits %i', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
  });

  it('maps every kind of error a command can end with', () => {
    expect(exitCodeFor(new ApiError(400, 'validation-failed', 'x', [], 'POST', '/sites'))).toBe(2);
    expect(exitCodeFor(new ApiError(403, 'forbidden', 'x', null, 'POST', '/sites'))).toBe(4);
    expect(exitCodeFor(new EndpointMissingError('GET', '/alerts', 'http://x'))).toBe(3);
    expect(exitCodeFor(new UnreachableError('http://x', 'ECONNREFUSED'))).toBe(6);
    expect(exitCodeFor(new EstateError('bad file'))).toBe(2);
    expect(exitCodeFor(usageError('say it again'))).toBe(1);
    expect(exitCodeFor(new CliError('watched run failed', ExitCode.FailoverFailed))).toBe(8);
    expect(exitCodeFor(new TypeError('a bug'))).toBe(1);
  });

  it('keeps the documented numbers', () => {
    expect(ExitCode).toEqual({
      Ok: 0,
      Usage: 1,
      Validation: 2,
      NotFound: 3,
      Auth: 4,
      Conflict: 5,
      Server: 6,
      ChangesPending: 7,
      FailoverFailed: 8,
    });
  });
});

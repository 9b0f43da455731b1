import { ApiError, EndpointMissingError } from './api-client';
import { CliError, ExitCode } from './exit-codes';
import { errorLines, formatTable, formatValue, Io, Output, seconds } from './output';

function capture(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

describe('output', () => {
  it('aligns tables on the widest cell, with "-" for nothing', () => {
    const text = formatTable(
      [
        { name: 'stamp-a', location: 'east', note: null },
        { name: 'b', location: 'north-west', note: 'two\nlines' },
      ],
      [
        { header: 'NAME', value: (r) => r.name },
        { header: 'LOCATION', value: (r) => r.location },
        { header: 'NOTE', value: (r) => r.note },
      ],
    );
    expect(text).toBe(
      ['NAME     LOCATION    NOTE', 'stamp-a  east        -', 'b        north-west  two lines', ''].join(
        '\n',
      ),
    );
  });

  it('prints lists as tables for people and as a JSON array for scripts', () => {
    const items = [{ id: '1', name: 'a' }];
    const columns = [{ header: 'NAME', value: (r: any) => r.name }];
    const table = capture();
    new Output('table', table).list(items, columns, 'no sites');
    expect(table.out).toBe('NAME\na\n');
    const json = capture();
    new Output('json', json).list(items, columns, 'no sites');
    expect(JSON.parse(json.out)).toEqual(items);
    const empty = capture();
    new Output('table', empty).list([], columns, 'no sites');
    expect(empty.out).toBe('no sites\n');
  });

  it('keeps stdout for the JSON document: messages for people go to stderr with -o json', () => {
    const io = capture();
    new Output('json', io).say('Logged in');
    expect(io).toMatchObject({ out: '', err: 'Logged in\n' });
  });

  it('prints a validation error with one line per field', () => {
    const err = new ApiError(
      400,
      'validation-failed',
      '…',
      [{ field: 'armEndpoint', rule: 'https-url', message: 'armEndpoint must be an https URL' }],
      'POST',
      '/sites',
    );
    expect(errorLines(err)).toEqual([
      'twinsite: the API refused the request (validation-failed):',
      '  armEndpoint: armEndpoint must be an https URL [https-url]',
    ]);
    const io = capture();
    new Output('json', io).error(err);
    expect(JSON.parse(io.err)).toEqual({
      error: {
        code: 'validation-failed',
        message: '…',
        status: 400,
        details: [{ field: 'armEndpoint', rule: 'https-url', message: 'armEndpoint must be an https URL' }],
      },
    });
  });

  it('says plainly when the controller has no such endpoint', () => {
    expect(errorLines(new EndpointMissingError('GET', '/alerts?state=open', 'http://ctl:3000'))).toEqual([
      'twinsite: the controller at http://ctl:3000 has no endpoint GET /api/v1/alerts: it does not offer this yet (is it older than this CLI?)',
    ]);
    expect(errorLines(new CliError('bad', ExitCode.Usage, ['first', 'second']))).toEqual([
      'twinsite: bad',
      '  first',
      '  second',
    ]);
  });

  it('formats values in change lines compactly', () => {
    expect(formatValue(30)).toBe('30');
    expect(formatValue(undefined)).toBe('(unset)');
    expect(formatValue('')).toBe('""');
    expect(formatValue('two words')).toBe('two words');
    expect(formatValue(' padded')).toBe('" padded"');
    expect(formatValue('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')).toBe('(3 lines)');
    expect(formatValue({ kind: 'agent' })).toBe('{"kind":"agent"}');
    expect(formatValue('x'.repeat(100))).toHaveLength(80);
  });

  it('reads durations like people write them', () => {
    expect(seconds(300)).toBe('5m');
    expect(seconds(90061)).toBe('1d 1h');
    expect(seconds(null)).toBe('-');
  });
});

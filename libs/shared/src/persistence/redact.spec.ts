import { REDACTED, redact } from './redact';

describe('redact', () => {
  it('replaces secrets at any depth and keeps everything else', () => {
    const input = {
      name: 'a',
      clientSecret: 'x',
      lagSource: { kind: 'postgres', primaryUrl: 'postgres://u:p@h/db' },
      list: [{ secret: 's' }],
    };
    expect(redact(input)).toEqual({
      name: 'a',
      clientSecret: REDACTED,
      lagSource: { kind: 'postgres', primaryUrl: REDACTED },
      list: [{ secret: REDACTED }],
    });
    expect(input.clientSecret).toBe('x');
  });

  it('leaves unset secrets unset', () => {
    expect(redact({ clientSecret: undefined, name: 'b' })).toEqual({ clientSecret: undefined, name: 'b' });
  });
});

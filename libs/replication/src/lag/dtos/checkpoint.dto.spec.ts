import { isZonedDateTime } from './checkpoint.dto';

describe('isZonedDateTime', () => {
  it.each([
    '2026-11-27T10:15:00Z',
    '2026-11-27T10:15:00.123456Z',
    '2026-11-27T12:15:00+02:00',
    '2026-11-27T10:15:00.5-0530',
  ])('accepts %s', (v) => {
    expect(isZonedDateTime(v)).toBe(true);
  });

  it.each([
    ['2026-11-27T10:15:00'],
    ['2026-11-27 10:15:00Z'],
    ['yesterday'],
    ['2026-02-30T10:15:00Z'],
    [1764238500000],
    [null],
  ])('refuses %p', (v) => {
    expect(isZonedDateTime(v)).toBe(false);
  });
});

import { fieldPath, violation } from './errors';

describe('violation', () => {
  it('builds a violation with the three fields', () => {
    expect(violation('groups[0].name', 'required', 'name is required')).toEqual({
      field: 'groups[0].name',
      rule: 'required',
      message: 'name is required',
    });
  });
});

describe('fieldPath', () => {
  it('joins properties with dots and indexes with brackets', () => {
    expect(fieldPath('groups', 1, 'pairIds', 0)).toBe('groups[1].pairIds[0]');
  });

  it('starts with an index when the path starts with a number', () => {
    expect(fieldPath(2, 'url')).toBe('[2].url');
  });

  it('extends an existing path', () => {
    expect(fieldPath('groups[0].before[1]', 'timeoutSeconds')).toBe('groups[0].before[1].timeoutSeconds');
  });

  it('ignores empty property names so a root path stays clean', () => {
    expect(fieldPath('', 'url')).toBe('url');
    expect(fieldPath()).toBe('');
  });
});

import { booleanArray, numberArray, textArray, uuidArray } from './pg-array';

describe('array literals', () => {
  it('writes numbers, nulls and booleans without quotes', () => {
    expect(numberArray([1, 2.5, null, -0.125, NaN])).toBe('{1,2.5,NULL,-0.125,NULL}');
    expect(numberArray([])).toBe('{}');
    expect(booleanArray([true, false])).toBe('{t,f}');
  });

  it('quotes text once, escaping quotes and backslashes; NULL stays NULL', () => {
    expect(textArray(['a', null, 'say "hi"', 'c:\\x', '{,}', 'NULL'])).toBe(
      '{"a",NULL,"say \\"hi\\"","c:\\\\x","{,}","NULL"}',
    );
  });

  it('refuses what is not a UUID', () => {
    expect(uuidArray(['6f1c2a9e-0000-4000-8000-000000000001'])).toBe(
      '{6f1c2a9e-0000-4000-8000-000000000001}',
    );
    expect(() => uuidArray(['x}'])).toThrow(RangeError);
  });
});

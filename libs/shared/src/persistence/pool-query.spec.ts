import type { DataSource } from 'typeorm';
import { poolQuery } from './pool-query';

describe('poolQuery', () => {
  it('runs the statement on the pg pool with its name and row mode', async () => {
    const calls: unknown[] = [];
    const master = {
      totalCount: 1,
      query: async (config: unknown) => (calls.push(config), { rows: [['a', 1]] }),
    };
    const db = {
      driver: { master },
      query: () => Promise.reject(new Error('not through TypeORM')),
    } as unknown as DataSource;
    const rows = await poolQuery(db, { name: 's1', text: 'SELECT $1', rowMode: 'array' }, ['x']);
    expect(rows).toEqual([['a', 1]]);
    expect(calls).toEqual([{ name: 's1', text: 'SELECT $1', values: ['x'], rowMode: 'array' }]);
  });

  it('falls back to a TypeORM query without a pg pool, with rows as arrays when asked', async () => {
    const db = { driver: {}, query: async () => [{ a: 'a', b: 1 }] } as unknown as DataSource;
    expect(await poolQuery(db, { text: 'SELECT 1' }, [])).toEqual([{ a: 'a', b: 1 }]);
    expect(await poolQuery(db, { text: 'SELECT 1', rowMode: 'array' }, [])).toEqual([['a', 1]]);
  });
});

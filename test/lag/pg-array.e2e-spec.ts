import { Client } from 'pg';
import { booleanArray, numberArray, textArray, uuidArray } from '../../libs/replication/src/lag/pg-array';
import { testServerUrl } from '../support/database';

/** The sampler's hand-built array literals read back in PostgreSQL exactly as node-postgres's own arrays would. */
describe('array literals in PostgreSQL', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: testServerUrl() });
    await client.connect();
  });
  afterAll(() => client.end());

  it('round-trips text (quotes, backslashes, braces, "NULL", empty, unicode), numbers, booleans and UUIDs', async () => {
    const texts = ['plain', null, 'quote " and \\ backslash', '{"json": [1, 2]}', 'NULL', '', 'ünï ✓', 'a,b'];
    const ids = ['6f1c2a9e-0000-4000-8000-000000000001', '6F1C2A9E-0000-4000-8000-000000000002'];
    const { rows } = await client.query(
      `SELECT $1::text[] AS t, $2::float8[] AS n, $3::bool[] AS b, $4::uuid[]::text[] AS u`,
      [
        textArray(texts),
        numberArray([1.5, null, -3, 1795738896746.123]),
        booleanArray([true, false]),
        uuidArray(ids),
      ],
    );
    expect(rows[0]).toEqual({
      t: texts,
      n: [1.5, null, -3, 1795738896746.123],
      b: [true, false],
      u: ids.map((id) => id.toLowerCase()),
    });
  });
});

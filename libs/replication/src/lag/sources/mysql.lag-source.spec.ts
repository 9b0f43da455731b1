import { mysqlPoolOptions } from './mysql.lag-source';

describe('mysqlPoolOptions', () => {
  it('reads host, port, user, an encoded password and the database from a mysql:// or mariadb:// URL', () => {
    expect(mysqlPoolOptions('mariadb://monitor:m0n%21tor%40pw@db-b.contoso.local:3307/shop')).toMatchObject({
      host: 'db-b.contoso.local',
      port: 3307,
      user: 'monitor',
      password: 'm0n!tor@pw',
      database: 'shop',
      connectionLimit: 2,
      connectTimeout: 3000,
    });
    expect(mysqlPoolOptions('mysql://u@db').port).toBe(3306);
    expect(mysqlPoolOptions('mysql://u@db').database).toBeUndefined();
  });
});

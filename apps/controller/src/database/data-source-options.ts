import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * One place that says how the controller reaches PostgreSQL. Schema changes are
 * migrations only; `synchronize` stays off so what runs in production is what was
 * reviewed.
 */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    autoLoadEntities: true,
    entities: [],
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 3_000,
      // A dead server must not hold requests for minutes: fail and let /readyz say so.
      query_timeout: 30_000,
      keepAlive: true,
    },
  } as DataSourceOptions;
}

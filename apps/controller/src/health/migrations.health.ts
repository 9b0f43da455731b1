import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../database/migrations';

@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const probe = this.indicator.check(key);
    try {
      const rows: { name: string }[] = await this.db.query('SELECT name FROM typeorm_migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
      return pending.length === 0 ? probe.up({ applied: applied.size }) : probe.down({ pending });
    } catch (error) {
      return probe.down({ message: (error as Error).message });
    }
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '@twinsite/shared';

const CACHE_MS = 10_000;

/**
 * Counts of what is protected. Read at scrape time but cached, so a scraper every
 * second cannot turn into a count(*) per second over 100,000 pairs.
 */
@Injectable()
export class InventoryMetrics implements OnModuleInit {
  private cached: { at: number; rows: { kind: string; state: string; count: number }[] } = {
    at: 0,
    rows: [],
  };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const read = () => this.read();
    new Gauge({
      name: 'twinsite_inventory',
      help: 'Sites, applications and replication pairs (by state)',
      labelNames: ['kind', 'state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        for (const row of await read()) this.set({ kind: row.kind, state: row.state }, row.count);
      },
    });
  }

  private async read() {
    if (Date.now() - this.cached.at < CACHE_MS) return this.cached.rows;
    try {
      const rows: { kind: string; state: string; count: string }[] = await this.db.query(`
        SELECT 'site' AS kind, 'all' AS state, count(*) FROM sites
        UNION ALL SELECT 'application', 'all', count(*) FROM applications
        UNION ALL SELECT 'pair', state, count(*) FROM pairs GROUP BY state`);
      this.cached = { at: Date.now(), rows: rows.map((r) => ({ ...r, count: Number(r.count) })) };
    } catch {
      // The database being away is reported by /readyz; the scrape still answers.
    }
    return this.cached.rows;
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { ApplicationService } from '@twinsite/applications';
import { MetricsService } from '@twinsite/shared';

const WORST_LAG_CACHE_MS = 10_000;

/**
 * The sampler's Prometheus series. No per-pair label anywhere (100,000 pairs would be
 * 100,000 series): lag is a histogram, and the worst lag is per application, bounded
 * by the number of applications.
 */
@Injectable()
export class LagMetrics implements OnModuleInit {
  lag!: Histogram;
  sweepDuration!: Histogram<'phase'>;
  sampled!: Counter<'kind' | 'outcome'>;
  private worstCache: { at: number; rows: Array<{ application: string; worst: number }> } = {
    at: 0,
    rows: [],
  };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
    private readonly applications: ApplicationService,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    this.lag = new Histogram({
      name: 'twinsite_pair_lag_seconds',
      help: 'Replication lag of every sample taken (all pairs; unknown lags are not observed)',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400],
      registers,
    });
    this.sweepDuration = new Histogram({
      name: 'twinsite_lag_sampling_duration_seconds',
      help: 'Time to sample one batch of due pairs (claim, read sources, write samples, alerts, events)',
      labelNames: ['phase'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.sampled = new Counter({
      name: 'twinsite_lag_pairs_sampled_total',
      help: 'Pair samples taken, by lag source kind and outcome (ok, failing)',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    });
    const worst = () => this.worstPerApplication();
    new Gauge({
      name: 'twinsite_application_worst_lag_seconds',
      help: 'Highest current lag among the pairs of each application (by application name)',
      labelNames: ['application'] as const,
      registers,
      async collect() {
        const rows = await worst();
        this.reset();
        for (const row of rows) this.set({ application: row.application }, row.worst);
      },
    });
  }

  /** Read at scrape time from the pairs (every instance's samples), cached briefly. */
  private async worstPerApplication() {
    if (Date.now() - this.worstCache.at < WORST_LAG_CACHE_MS) return this.worstCache.rows;
    try {
      const rows: Array<{ application_id: string; worst: number }> = await this.db.query(
        `SELECT application_id, max(lag_seconds) AS worst FROM pairs
         WHERE lag_seconds IS NOT NULL AND state NOT IN ('failed-over', 'paused') GROUP BY application_id`,
      );
      const apps = await this.applications.findByIds(rows.map((r) => r.application_id));
      const names = new Map(apps.map((a) => [a.id, a.name]));
      this.worstCache = {
        at: Date.now(),
        rows: rows
          .filter((r) => names.has(r.application_id))
          .map((r) => ({ application: names.get(r.application_id)!, worst: Number(r.worst) })),
      };
    } catch {
      // The database being away is /readyz's news; the scrape keeps the last values.
    }
    return this.worstCache.rows;
  }
}

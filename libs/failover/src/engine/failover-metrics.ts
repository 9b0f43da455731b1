import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@twinsite/shared';

@Injectable()
export class FailoverMetrics {
  /** Writes refused because the writer's epoch was stale: the fence stopping an executor that lost its lease. */
  readonly staleWritesRefused: Counter;
  readonly claims: Counter<'kind'>;
  readonly outcomes: Counter<'kind' | 'outcome'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.staleWritesRefused = new Counter({
      name: 'twinsite_failover_stale_writes_refused_total',
      help: 'Step writes the store refused because the executor no longer held the step (stale fencing epoch)',
      registers,
    });
    this.claims = new Counter({
      name: 'twinsite_failover_step_claims_total',
      help: 'Steps claimed by this instance',
      labelNames: ['kind'],
      registers,
    });
    this.outcomes = new Counter({
      name: 'twinsite_failover_step_outcomes_total',
      help: 'Outcomes of step attempts on this instance',
      labelNames: ['kind', 'outcome'],
      registers,
    });
  }
}

import { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';

/** One HTTP attempt sent to a stamp (a retried call is several events). */
export interface ArmCallEvent {
  siteId: string;
  method: string;
  url: string;
  /** null when no answer came (refused, reset, timed out) */
  status: number | null;
  ms: number;
  error?: string;
}

export type ArmCallObserver = (event: ArmCallEvent) => void;

export interface SiteCallStats {
  calls: number;
  inFlight: number;
  peakInFlight: number;
}

/**
 * Counts ARM calls and concurrency per site, so the controller (and benchmarks) can
 * show how many calls an operation costs and that the per-site bulkhead holds.
 */
export class ArmCallMetrics {
  private readonly sites = new Map<string, SiteCallStats>();
  private readonly observers = new Set<ArmCallObserver>();
  private total = 0;
  private inFlightAll = 0;
  private peakAll = 0;

  get callCount(): number {
    return this.total;
  }

  get peakInFlight(): number {
    return this.peakAll;
  }

  site(siteId: string): SiteCallStats {
    return { ...this.entry(siteId) };
  }

  /** Returns a function that removes the observer again. */
  observe(observer: ArmCallObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Peaks restart from what is in flight now, so a test can measure one phase. */
  resetPeaks(): void {
    this.peakAll = this.inFlightAll;
    for (const stats of this.sites.values()) stats.peakInFlight = stats.inFlight;
  }

  policy(siteId: string): PipelinePolicy {
    return {
      name: 'twinsiteArmCallMetricsPolicy',
      sendRequest: async (request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> => {
        const stats = this.entry(siteId);
        this.total++;
        stats.calls++;
        stats.inFlight++;
        this.inFlightAll++;
        stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
        this.peakAll = Math.max(this.peakAll, this.inFlightAll);
        const started = performance.now();
        let status: number | null = null;
        let error: string | undefined;
        try {
          const response = await next(request);
          status = response.status;
          return response;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          throw e;
        } finally {
          stats.inFlight--;
          this.inFlightAll--;
          this.emit({
            siteId,
            method: request.method,
            url: request.url,
            status,
            ms: performance.now() - started,
            error,
          });
        }
      },
    };
  }

  private emit(event: ArmCallEvent): void {
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch {
        // An observer is instrumentation: its failure must never fail an ARM call.
      }
    }
  }

  private entry(siteId: string): SiteCallStats {
    let stats = this.sites.get(siteId);
    if (!stats) {
      stats = { calls: 0, inFlight: 0, peakInFlight: 0 };
      this.sites.set(siteId, stats);
    }
    return stats;
  }
}

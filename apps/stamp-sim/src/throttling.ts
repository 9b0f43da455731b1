// ARM's per-subscription request budgets: one for reads, one for writes, refilled at the
// start of each window. Every answer tells the client what is left, as ARM's
// x-ms-ratelimit-remaining-subscription-* headers do.

export interface ThrottleBudget {
  reads: number;
  writes: number;
  windowSeconds: number;
  /** Retry-After on a 429; default: the seconds left in the current window */
  retryAfterSeconds?: number;
}

/** ARM's long-standing hourly limits, generous enough for a day of demo polling. */
export const DEFAULT_BUDGET: ThrottleBudget = { reads: 12000, writes: 1200, windowSeconds: 3600 };

export interface ThrottleDecision {
  allowed: boolean;
  remainingReads: number;
  remainingWrites: number;
  retryAfterSeconds: number;
}

interface Usage {
  windowStart: number;
  reads: number;
  writes: number;
}

export class Throttle {
  private readonly usage = new Map<string, Usage>();

  constructor(private budget: ThrottleBudget = DEFAULT_BUDGET) {}

  setBudget(budget: ThrottleBudget | null): void {
    this.budget = budget ?? DEFAULT_BUDGET;
    this.usage.clear();
  }

  getBudget(): ThrottleBudget {
    return this.budget;
  }

  take(key: string, kind: 'read' | 'write', now = Date.now()): ThrottleDecision {
    const windowMs = Math.max(1, this.budget.windowSeconds) * 1000;
    let usage = this.usage.get(key);
    if (!usage || now - usage.windowStart >= windowMs) {
      usage = { windowStart: now, reads: 0, writes: 0 };
      this.usage.set(key, usage);
    }
    const used = kind === 'read' ? usage.reads : usage.writes;
    const limit = kind === 'read' ? this.budget.reads : this.budget.writes;
    const allowed = used < limit;
    if (allowed) {
      if (kind === 'read') usage.reads++;
      else usage.writes++;
    }
    const windowLeft = Math.max(1, Math.ceil((usage.windowStart + windowMs - now) / 1000));
    return {
      allowed,
      remainingReads: Math.max(0, this.budget.reads - usage.reads),
      remainingWrites: Math.max(0, this.budget.writes - usage.writes),
      retryAfterSeconds: this.budget.retryAfterSeconds ?? windowLeft,
    };
  }

  reset(): void {
    this.usage.clear();
  }
}

import { randomUUID } from 'node:crypto';
import { ArmErrorBody } from './arm-errors';

// Long-running operations. An operation finishes when its latency has passed; finishing
// is done lazily, at the start of every request the stamp serves, so what a client
// observes only changes between its requests, in a deterministic order, with no timers.

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationResult {
  status: number;
  body?: unknown;
}

export interface Operation {
  id: string;
  namespace: string;
  status: OperationStatus;
  startTime: Date;
  endTime?: Date;
  finishAt: number;
  error?: ArmErrorBody;
  /** HTTP status a Location poll answers with when the operation failed */
  failureStatus: number;
  complete?: () => void;
  result?: () => OperationResult;
}

export interface StartOperation {
  namespace: string;
  latencyMs: number;
  now: Date;
  complete?: () => void;
  /** what a Location poll answers once the operation succeeded (default 204, no body) */
  result?: () => OperationResult;
  /** makes the operation end Failed with this error instead of completing */
  failure?: { status: number; error: ArmErrorBody; onFailed?: () => void };
}

const MAX_KEPT = 20_000;

export class OperationTracker {
  private readonly operations = new Map<string, Operation>();
  private pending: Operation[] = [];

  constructor(private readonly clock: () => Date) {}

  start(input: StartOperation): Operation {
    const op: Operation = {
      id: randomUUID(),
      namespace: input.namespace,
      status: 'InProgress',
      startTime: input.now,
      finishAt: Date.now() + Math.max(0, input.latencyMs),
      failureStatus: input.failure?.status ?? 500,
      complete: input.failure ? input.failure.onFailed : input.complete,
      result: input.result,
    };
    if (input.failure) op.error = input.failure.error;
    this.operations.set(op.id, op);
    this.pending.push(op);
    if (this.operations.size > MAX_KEPT) {
      const oldest = this.operations.keys().next().value;
      if (oldest !== undefined) this.operations.delete(oldest);
    }
    return op;
  }

  get(id: string): Operation | undefined {
    this.settle();
    return this.operations.get(id.toLowerCase()) ?? this.operations.get(id);
  }

  /** Finishes every operation whose latency has passed, oldest deadline first. */
  settle(now = Date.now()): void {
    if (this.pending.length === 0) return;
    const due = this.pending.filter((op) => op.finishAt <= now);
    if (due.length === 0) return;
    this.pending = this.pending.filter((op) => op.finishAt > now);
    due.sort((a, b) => a.finishAt - b.finishAt);
    for (const op of due) {
      op.status = op.error ? 'Failed' : 'Succeeded';
      op.endTime = this.clock();
      op.complete?.();
    }
  }

  /** Seconds a poller should wait, as ARM's Retry-After says it. */
  retryAfterSeconds(op: Operation): number {
    return Math.max(0, Math.ceil((op.finishAt - Date.now()) / 1000));
  }

  pendingCount(): number {
    return this.pending.length;
  }

  clear(): void {
    this.operations.clear();
    this.pending = [];
  }
}

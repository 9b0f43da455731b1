/**
 * What an executor holds while it runs a claimed step: the epoch it claimed the
 * step under and a local deadline, some margin before the lease runs out in the
 * database. The store refuses any write under an older epoch, so a stale executor
 * cannot commit; the deadline keeps it from *acting* (an ARM call) once another
 * instance may already own the step.
 *
 * The deadline is read from the monotonic clock at every check rather than from a
 * timer, because a process resumed after SIGSTOP handles its pending I/O before its
 * expired timers: a timer would fire only after the next ARM request was sent.
 * `signal.aborted` is computed the same way, so the gateway's own `aborted` checks
 * before each HTTP attempt see an expired lease at once.
 */
export class LeaseLost extends Error {
  constructor(
    readonly stepId: string,
    reason: string,
  ) {
    super(`lease on step ${stepId} lost: ${reason}`);
    this.name = 'LeaseLost';
  }
}

/** The run was cancelled while the step ran: the executor stops, the step is committed as cancelled. */
export class StepCancelled extends Error {
  constructor(readonly stepId: string) {
    super(`step ${stepId} stopped: the run was cancelled`);
    this.name = 'StepCancelled';
  }
}

export type Clock = () => number;

export class Fence {
  private deadline: number;
  private lostReason: string | null = null;
  private cancelRequested = false;
  private readonly controller = new AbortController();
  /** Aborted when the lease is lost or expires; hand it to every long-running call. */
  readonly signal: AbortSignal;

  constructor(
    readonly stepId: string,
    readonly epoch: number,
    leaseMs: number,
    private readonly marginMs: number,
    grantedAt: number,
    private readonly clock: Clock = () => performance.now(),
  ) {
    this.deadline = grantedAt + leaseMs - marginMs;
    const signal = this.controller.signal;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fence = this;
    Object.defineProperty(signal, 'aborted', {
      configurable: true,
      get(): boolean {
        if (!fence.controller.signal.reason && fence.expired()) fence.lose('the lease expired');
        return fence.lostReason !== null || fence.cancelRequested;
      },
    });
    this.signal = signal;
  }

  /** A renewal the database accepted, sent at `sentAt`: the lease now runs from then. */
  renewed(sentAt: number, leaseMs: number): void {
    if (this.lostReason !== null) return;
    this.deadline = Math.max(this.deadline, sentAt + leaseMs - this.marginMs);
  }

  lose(reason: string): void {
    if (this.lostReason !== null) return;
    this.lostReason = reason;
    this.controller.abort(new LeaseLost(this.stepId, reason));
  }

  /** Stops the work (the run is being cancelled) while the lease is still held, so the outcome can be committed. */
  cancel(): void {
    if (this.cancelRequested || this.lostReason !== null) return;
    this.cancelRequested = true;
    this.controller.abort(new StepCancelled(this.stepId));
  }

  get cancelled(): boolean {
    return this.cancelRequested;
  }

  get held(): boolean {
    if (this.lostReason === null && this.expired()) this.lose('the lease expired');
    return this.lostReason === null;
  }

  /** Before every write of the step's own progress: throws once the lease is gone or about to be. */
  assertHeld(): void {
    if (!this.held) throw new LeaseLost(this.stepId, this.lostReason ?? 'lost');
  }

  /** Before every action at a site: the lease is held and the run is not being cancelled. */
  assertMayAct(): void {
    this.assertHeld();
    if (this.cancelRequested) throw new StepCancelled(this.stepId);
  }

  private expired(): boolean {
    return this.clock() >= this.deadline;
  }
}

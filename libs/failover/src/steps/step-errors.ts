import { ArmOperationError, SiteUnreachableError } from '@twinsite/core';
import { LeaseLost } from '../engine/fence';

/** A failure a step reports on purpose, with a code an operator can act on. */
export class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly transient = false,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

export interface ClassifiedError {
  code: string;
  message: string;
  /** Worth another attempt of the step on its own (throttling, a stamp that is busy or away). */
  transient: boolean;
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Transient: the weather (ARM throttling or 5xx after the gateway's own retries, a
 * stamp out of reach, our database away). Permanent: ARM said no (conflict, quota,
 * not found, a failed deployment) or the step found something wrong; retrying that
 * on its own would only hide it, so the run stops and an operator decides.
 */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof StepFailure)
    return { code: error.code, message: error.message, transient: error.transient };
  if (error instanceof SiteUnreachableError)
    return { code: 'site-unreachable', message: error.message, transient: true };
  if (error instanceof ArmOperationError) {
    const transient = error.status !== undefined && TRANSIENT_STATUS.has(error.status);
    return { code: `arm:${error.code}`, message: error.message, transient };
  }
  if (error instanceof LeaseLost) return { code: 'lease-lost', message: error.message, transient: true };
  const message = error instanceof Error ? error.message : String(error);
  // Anything else (our database away, a bug): another attempt is cheap, and bounded.
  return { code: 'error', message, transient: true };
}

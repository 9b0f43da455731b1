import { AbortSignalLike } from '@azure/abort-controller';
import { LroHooks } from '@twinsite/core/ports/arm-gateway';

/** The part of the SDK's `SimplePollerLike` the gateway uses. */
export interface ResumablePoller<T> {
  isDone(): boolean;
  toString(): string;
  pollUntilDone(options?: { abortSignal?: AbortSignalLike }): Promise<T>;
}

/** What every `begin*` method of the SDK (and `beginRawLro`) accepts. */
export interface BeginOptions {
  resumeFrom?: string;
  updateIntervalInMs?: number;
  abortSignal?: AbortSignalLike;
}

/**
 * Runs a long-running operation so that a crash between "ARM accepted it" and "it
 * finished" costs nothing: once accepted, the poller's state is handed to
 * `hooks.onStarted` to persist, and a later call with that state as
 * `hooks.resumeState` polls the same operation instead of sending the request again.
 */
export async function runLro<T>(
  begin: (options: BeginOptions) => Promise<ResumablePoller<T>>,
  hooks: LroHooks | undefined,
  updateIntervalInMs: number | undefined,
): Promise<T> {
  const abortSignal = hooks?.abortSignal;
  const poller = await begin({ resumeFrom: hooks?.resumeState, updateIntervalInMs, abortSignal });
  if (!hooks?.resumeState && hooks?.onStarted && !poller.isDone()) {
    await hooks.onStarted(poller.toString());
  }
  return poller.pollUntilDone({ abortSignal });
}

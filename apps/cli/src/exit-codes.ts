/**
 * The exit codes of `twinsite`, part of its contract with operators' scripts.
 *
 * | code | meaning |
 * | ---: | --- |
 * | 0 | success (for `apply --dry-run`: nothing to change) |
 * | 1 | usage error: unknown command or option, missing argument, confirmation not given |
 * | 2 | validation error: the API refused the input (400 and other 4xx), or the estate file is invalid |
 * | 3 | not found: no resource by that name or ID (404), or the controller has no such endpoint |
 * | 4 | authentication or permission: no credentials, token refused (401) or role too low (403) |
 * | 5 | conflict or precondition: 409 (still referenced, wrong state) or 412 (changed since read) |
 * | 6 | server error or unreachable: 5xx, 429, timeout, connection refused |
 * | 7 | `apply --dry-run` found changes to make |
 * | 8 | a watched failover ended failed (or cancelled) |
 */
export const ExitCode = {
  Ok: 0,
  Usage: 1,
  Validation: 2,
  NotFound: 3,
  Auth: 4,
  Conflict: 5,
  Server: 6,
  ChangesPending: 7,
  FailoverFailed: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports itself, with the exit code it ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** Extra lines shown under the message (one per problem). */
    readonly lines: string[] = [],
    readonly code = 'cli-error',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string, lines: string[] = []) =>
  new CliError(message, ExitCode.Usage, lines, 'usage');

/** The exit code for an HTTP status the API answered with. */
export function exitCodeForStatus(status: number): ExitCodeValue {
  if (status >= 200 && status < 300) return ExitCode.Ok;
  if (status === 401 || status === 403) return ExitCode.Auth;
  if (status === 404) return ExitCode.NotFound;
  if (status === 409 || status === 412) return ExitCode.Conflict;
  if (status === 429 || status >= 500) return ExitCode.Server;
  if (status >= 400) return ExitCode.Validation;
  return ExitCode.Server;
}

/** The exit code for any error a command threw. */
export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof CliError) return err.exitCode;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return exitCodeForStatus(status);
  // Anything else is a fault of the CLI itself: retrying later would not help.
  return ExitCode.Usage;
}

import { Command } from 'commander';
import { ApiClient } from './api-client';
import { Env, resolveCredentials } from './config';
import { ExitCode } from './exit-codes';
import { Io, Output, OutputFormat, processIo } from './output';

/** What every command runs with: where it writes, its environment, and the API client. */
export class CliContext {
  exitCode: number = ExitCode.Ok;
  private apiClient?: ApiClient;

  constructor(
    readonly io: Io = processIo,
    readonly env: Env = process.env,
    readonly stdin: NodeJS.ReadableStream = process.stdin,
    readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** The output of a command, in the format of its `-o` (a global option). */
  output(command: Command): Output {
    const format = (command.optsWithGlobals().output ?? 'table') as OutputFormat;
    return new Output(format, this.io);
  }

  /** The API client, from TWINSITE_URL / TWINSITE_TOKEN or the saved credentials. */
  client(): ApiClient {
    if (!this.apiClient) {
      const credentials = resolveCredentials(this.env);
      this.apiClient = new ApiClient({
        baseUrl: credentials.url,
        token: credentials.token,
        timeoutMs: timeoutMs(this.env),
      });
    }
    return this.apiClient;
  }
}

function timeoutMs(env: Env): number {
  const seconds = Number(env.TWINSITE_TIMEOUT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000;
}

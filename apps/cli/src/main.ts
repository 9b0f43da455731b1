import { Command, CommanderError, Option } from 'commander';
import { registerAlertCommands } from './commands/alerts';
import { registerApplyCommand } from './commands/apply';
import { registerFailoverCommands } from './commands/failover';
import { registerLoginCommands } from './commands/login';
import { registerReportCommands } from './commands/report';
import { registerResourceCommands } from './commands/resources';
import { registerSiteCommands } from './commands/site';
import { registerSiteFailoverCommands } from './commands/site-failover';
import { CliContext } from './context';
import { ExitCode, exitCodeFor } from './exit-codes';
import { Output, OUTPUT_FORMATS } from './output';

const EXIT_CODES_HELP = `
Environment:
  TWINSITE_URL, TWINSITE_TOKEN   the controller and an API token (else what \`twinsite login\` saved)
  TWINSITE_CONFIG                where \`login\` saves them (default ~/.config/twinsite/credentials.json)

Exit codes:
  0 ok   1 usage error   2 validation error (the API refused the input, or the estate file is invalid)
  3 not found   4 not logged in, token refused (401) or not allowed (403)
  5 conflict (409) or changed since read (412)   6 server error or unreachable
  7 apply --dry-run has changes to make   8 a watched failover failed or was cancelled`;

/** The `twinsite` program: every command group, with `-o` and `--help` on all of them. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('twinsite')
    .description('Twinsite: replication and manual failover between two Azure Stack Hub stamps, from scripts')
    .version(version(), '-V, --version')
    .addOption(
      new Option('-o, --output <format>', 'table for people, json for scripts')
        .choices(OUTPUT_FORMATS)
        .default('table'),
    )
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) })
    .showSuggestionAfterError()
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP);

  registerLoginCommands(program, ctx);
  const groups = registerResourceCommands(program, ctx);
  registerSiteCommands(groups.get('site')!, ctx);
  registerSiteFailoverCommands(program, ctx);
  registerApplyCommand(program, ctx);
  registerAlertCommands(program, ctx);
  registerFailoverCommands(program, ctx);
  registerReportCommands(program, ctx);

  // Every command: usage errors end with exit 1, help with 0, and a group without a subcommand shows its help.
  const visit = (command: Command) => {
    command
      .exitOverride()
      .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) })
      .showSuggestionAfterError();
    command.commands.forEach(visit);
  };
  program.commands.forEach(visit);
  return program;
}

/** Runs one command line and returns its exit code. */
export async function run(argv: string[], ctx = new CliContext()): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.Ok;
      // Commander has printed the problem (or the help of a group used without a subcommand).
      return ExitCode.Usage;
    }
    new Output(wantsJson(argv) ? 'json' : 'table', ctx.io).error(err);
    if (ctx.env.TWINSITE_DEBUG && err instanceof Error && err.stack) ctx.io.stderr(err.stack + '\n');
    return exitCodeFor(err);
  }
}

function wantsJson(argv: string[]): boolean {
  return argv.some(
    (a, i) =>
      a === '-ojson' || a === '--output=json' || ((a === '-o' || a === '--output') && argv[i + 1] === 'json'),
  );
}

function version(): string {
  // apps/cli/src/main.ts is three levels below the root, dist/apps/cli/src/main.js four.
  for (const candidate of ['../../../package.json', '../../../../package.json']) {
    try {
      const pkg = require(candidate);
      if (pkg.name === 'twinsite') return pkg.version;
    } catch {
      // not this one
    }
  }
  return 'unknown';
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await run(argv);
}

if (require.main === module) void main();

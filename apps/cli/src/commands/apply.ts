import * as fs from 'node:fs';
import { Command } from 'commander';
import { ApiClient, EndpointMissingError } from '../api-client';
import { parseEstate } from '../apply/estate';
import { executePlan } from '../apply/execute';
import { KIND, KindName } from '../apply/kinds';
import { Change, hasChanges, kindsToRead, planChanges, RemoteResource, RemoteState } from '../apply/plan';
import { changeLines, planJson, summaryLine } from '../apply/render';
import { CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';

interface ApplyOptions {
  file: string;
  dryRun?: boolean;
  prune?: boolean;
  updateSecrets?: boolean;
}

export function registerApplyCommand(program: Command, ctx: CliContext): void {
  program
    .command('apply')
    .description('make the controller match an estate file: create what is missing, update what differs')
    .requiredOption(
      '-f, --file <estate.yaml>',
      'the estate file (sites, applications, networkMappings, pairs, plans), or - for stdin',
    )
    .option('--dry-run', 'print the changes and stop (exit 7 when there are changes, 0 when none)')
    .option('--prune', "also delete what the controller has and the file's sections do not")
    .option(
      '--update-secrets',
      'send write-only secrets (clientSecret, lag source URLs, step secrets) on update too',
    )
    .addHelpText(
      'after',
      `
The file refers to other resources by name (a pair's application, source and target sites;
a plan's application and the pairs of its groups). \${VAR} and \${VAR:-default} are replaced
from the environment, so that secrets stay out of the file. Without --prune nothing is deleted.
Lines: "+" create, "~" update (only the fields that differ), "-" delete.
See apps/cli/examples/estate.yaml.`,
    )
    .action(async (opts: ApplyOptions, cmd: Command) => {
      const out = ctx.output(cmd);
      const text = readEstateFile(opts.file);
      const fileName = opts.file === '-' ? 'stdin' : opts.file;
      const estate = parseEstate(text, fileName, ctx.env);
      const client = ctx.client();
      const remote = await readRemote(client, kindsToRead(estate));
      const plan = planChanges(estate, remote, { prune: opts.prune, updateSecrets: opts.updateSecrets });
      if (plan.problems.length > 0) {
        throw new CliError(
          `${fileName} cannot be applied; nothing was changed`,
          ExitCode.Validation,
          plan.problems,
          'invalid-estate',
        );
      }

      const applied = new Set<Change>();
      if (opts.dryRun || !hasChanges(plan)) {
        if (out.json) out.printJson(planJson(plan, fileName, !!opts.dryRun, applied));
        else {
          for (const change of plan.changes) for (const line of changeLines(change)) out.say(line);
          out.say(summaryLine(plan, fileName, 'dry-run'));
        }
        ctx.exitCode = opts.dryRun && hasChanges(plan) ? ExitCode.ChangesPending : ExitCode.Ok;
        return;
      }

      try {
        await executePlan(client, plan, { updateSecrets: opts.updateSecrets }, (change) => {
          applied.add(change);
          if (!out.json) for (const line of changeLines(change)) out.say(line);
        });
      } catch (err) {
        if (out.json) out.printJson(planJson(plan, fileName, false, applied));
        else if (applied.size > 0)
          out.say(`${applied.size} change(s) were made before the error; apply again once it is fixed.`);
        throw err;
      }
      if (out.json) out.printJson(planJson(plan, fileName, false, applied));
      else out.say(summaryLine(plan, fileName, 'applied'));
    });
}

function readEstateFile(file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw usageError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

async function readRemote(client: ApiClient, kinds: KindName[]): Promise<RemoteState> {
  const remote: RemoteState = {};
  await Promise.all(
    kinds.map(async (kind) => {
      try {
        remote[kind] = await client.listAll<RemoteResource>(KIND[kind].path);
      } catch (err) {
        if (err instanceof EndpointMissingError) {
          throw new CliError(
            `the controller at ${client.baseUrl} has no ${KIND[kind].path.slice(1)} endpoint (GET /api/v1${KIND[kind].path} answered 404): it does not manage ${kind}s yet; leave ${KIND[kind].section} out of the file or upgrade the controller`,
            ExitCode.NotFound,
            [],
            'endpoint-missing',
          );
        }
        throw err;
      }
    }),
  );
  return remote;
}

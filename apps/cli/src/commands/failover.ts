import { Command, Option } from 'commander';
import { ApiClient } from '../api-client';
import { confirmByTyping } from '../confirm';
import { CliContext } from '../context';
import { usageError } from '../exit-codes';
import { Output } from '../output';
import { findResource } from '../resolve';
import { Snapshot, watch } from '../watch';

export const RUN_KINDS = ['test', 'planned', 'unplanned'];

/** The states each action waits for with --watch. */
const ACTIONS: Array<{ name: string; description: string; until?: string[] }> = [
  { name: 'approve', description: 'approve the step that waits for a manual approval' },
  { name: 'cancel', description: 'cancel a run in flight', until: ['cancelled'] },
  {
    name: 'commit',
    description: 'commit a planned or unplanned failover (the target becomes the primary)',
    until: ['committed'],
  },
  {
    name: 'cleanup',
    description: 'clean up a test failover (delete what it created at the target)',
    until: ['cleaned-up'],
  },
  {
    name: 'reprotect',
    description: 'replicate back in the other direction after a commit',
    until: ['reprotected'],
  },
  { name: 'failback', description: 'fail back to the original primary site' },
];

export function approveHint(snapshot: Snapshot): string | null {
  return `approve with: twinsite failover approve ${snapshot.id}`;
}

/** Prints a run once: a summary for people, the run for scripts. */
export function printRun(out: Output, run: Snapshot): void {
  if (out.json) return out.printJson(run);
  const steps = Array.isArray(run.steps) ? run.steps : [];
  out.document(run, {
    id: run.id,
    kind: run.kind,
    state: run.state,
    planId: run.planId,
    recoveryPointAt: run.recoveryPointAt ?? undefined,
    achievedRpoSeconds: run.achievedRpoSeconds ?? undefined,
    achievedRtoSeconds: run.achievedRtoSeconds ?? undefined,
    steps: steps.map(
      (s, i) =>
        `${s.id ?? i}: ${s.name ?? [s.group, s.phase, s.kind].filter(Boolean).join(' ')} — ${s.state}`,
    ),
  });
}

export async function watchRun(
  ctx: CliContext,
  client: ApiClient,
  out: Output,
  runId: string,
  until?: string[],
): Promise<void> {
  ctx.exitCode = await watch(client, `/failovers/${encodeURIComponent(runId)}`, out, {
    until,
    approveHint,
    sleep: ctx.sleep,
  });
}

export function registerFailoverCommands(program: Command, ctx: CliContext): void {
  const failover = program
    .command('failover')
    .alias('failovers')
    .description('start, follow and drive failover runs of recovery plans');

  failover
    .command('start')
    .description("start a failover of a recovery plan (asks to type the plan's name unless --yes)")
    .requiredOption('--plan <name-or-id>', 'the recovery plan')
    .addOption(
      new Option(
        '--kind <kind>',
        'test rehearses in an isolated network; planned and unplanned fail over for real',
      )
        .choices(RUN_KINDS)
        .makeOptionMandatory(),
    )
    .option('--recovery-point <point>', '"latest" or an ISO time', 'latest')
    .option('--idempotency-key <key>', 'reuse a key to retry a start safely (default: a new one)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--accept-warnings', 'go ahead despite preflight warnings (errors still block)')
    .option('-w, --watch', 'follow the run until it has failed over (or failed)')
    .action(
      async (
        opts: {
          plan: string;
          kind: string;
          recoveryPoint: string;
          idempotencyKey?: string;
          yes?: boolean;
          watch?: boolean;
          acceptWarnings?: boolean;
        },
        cmd: Command,
      ) => {
        const out = ctx.output(cmd);
        const client = ctx.client();
        const plan = await findResource(client, 'plan', opts.plan);
        const name = String(plan.name);
        if (!opts.yes) {
          const what =
            opts.kind === 'test'
              ? 'a test failover (isolated network)'
              : `a ${opts.kind} failover of production`;
          await confirmByTyping(ctx.io, ctx.stdin, `This starts ${what} of plan ${name}.`, name);
        }
        const run = await client.post<Snapshot>(
          `/plans/${plan.id}/failovers`,
          {
            kind: opts.kind,
            recoveryPoint: opts.recoveryPoint,
            confirm: name,
            acceptWarnings: !!opts.acceptWarnings,
          },
          { 'Idempotency-Key': opts.idempotencyKey ?? ApiClient.idempotencyKey() },
        );
        if (opts.watch) {
          out.note(`Started ${opts.kind} failover ${run.id} of plan ${name}`);
          return watchRun(ctx, client, out, run.id);
        }
        if (out.json) return out.printJson(run);
        out.say(
          `Started ${opts.kind} failover ${run.id} of plan ${name} (${run.state}); follow it with: twinsite failover watch ${run.id}`,
        );
      },
    );

  failover
    .command('watch')
    .description(
      'follow a run: one line per state change; exit 0 when it has failed over, committed or cleaned up, 8 when it failed',
    )
    .argument('<run>', 'the run ID')
    .action(async (runId: string, _opts: unknown, cmd: Command) => {
      await watchRun(ctx, ctx.client(), ctx.output(cmd), runId);
    });

  failover
    .command('show')
    .description('a run and its steps')
    .argument('<run>', 'the run ID')
    .action(async (runId: string, _opts: unknown, cmd: Command) => {
      printRun(ctx.output(cmd), await ctx.client().get<Snapshot>(`/failovers/${encodeURIComponent(runId)}`));
    });

  failover
    .command('retry')
    .description('retry the failed step of a run (or --step)')
    .argument('<run>', 'the run ID')
    .option('--step <id>', 'the step to retry (default: the failed one)')
    .option('-w, --watch', 'follow the run afterwards')
    .action(async (runId: string, opts: { step?: string; watch?: boolean }, cmd: Command) => {
      const out = ctx.output(cmd);
      const client = ctx.client();
      const path = `/failovers/${encodeURIComponent(runId)}`;
      let stepId = opts.step;
      if (!stepId) {
        const run = await client.get<Snapshot>(path);
        const failed = (run.steps ?? []).filter((s) => s.state === 'failed');
        if (failed.length !== 1 || failed[0].id === undefined) {
          throw usageError(
            failed.length === 0
              ? `run ${runId} has no failed step; name one with --step`
              : `run ${runId} has ${failed.length} failed steps; name one with --step`,
          );
        }
        stepId = String(failed[0].id);
      }
      const result = await client.post<Snapshot>(`${path}/steps/${encodeURIComponent(stepId)}/retry`, {});
      if (opts.watch) return watchRun(ctx, client, out, runId);
      if (out.json) return out.printJson(result ?? { id: runId, step: stepId });
      out.say(`Retrying step ${stepId} of run ${runId}${result?.state ? ` (${result.state})` : ''}`);
    });

  for (const action of ACTIONS) {
    const command = failover
      .command(action.name)
      .description(action.description)
      .argument('<run>', 'the run ID')
      .option('-w, --watch', 'follow the run afterwards');
    if (action.name === 'approve' || action.name === 'cancel')
      command.option('--note <text>', 'why (kept in the audit log)');
    command.action(async (runId: string, opts: { watch?: boolean; note?: string }, cmd: Command) => {
      const out = ctx.output(cmd);
      const client = ctx.client();
      const body = opts.note ? { note: opts.note } : {};
      const result = await client.post<Snapshot>(
        `/failovers/${encodeURIComponent(runId)}/${action.name}`,
        body,
        {
          'Idempotency-Key': ApiClient.idempotencyKey(),
        },
      );
      const id = result?.id ?? runId;
      if (opts.watch) return watchRun(ctx, client, out, id, action.until);
      if (out.json) return out.printJson(result ?? { id });
      out.say(`${action.name}: run ${id}${result?.state ? ` is ${result.state}` : ''}`);
    });
  }
}

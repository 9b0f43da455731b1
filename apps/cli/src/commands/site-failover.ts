import { Command } from 'commander';
import { ApiClient } from '../api-client';
import { CliContext } from '../context';
import { Output, seconds } from '../output';
import { Snapshot, SUCCESS_STATES, watch } from '../watch';

/** The actions on a whole site failover, and the states each waits for with --watch. */
const ACTIONS: Array<{ name: string; description: string; until: string[] }> = [
  {
    name: 'retry',
    description: 'run every failed plan again from its failed step',
    until: ['failed-over'],
  },
  {
    name: 'cleanup',
    description: 'clean up a test site failover (delete what every plan created at the target)',
    until: ['cleaned-up'],
  },
  {
    name: 'commit',
    description: 'commit every plan that failed over (the target becomes their primary)',
    until: ['committed'],
  },
  { name: 'cancel', description: 'stop every plan still queued or running', until: ['cancelled'] },
];

export function watchSiteFailover(
  ctx: CliContext,
  client: ApiClient,
  out: Output,
  id: string,
  until: readonly string[] = SUCCESS_STATES,
): Promise<void> {
  return watch(client, `/site-failovers/${encodeURIComponent(id)}`, out, { until, sleep: ctx.sleep }).then(
    (code) => {
      ctx.exitCode = code;
    },
  );
}

interface SiteFailoverLike extends Snapshot {
  siteName?: string;
  kind?: string;
  achievedRtoSeconds?: number | null;
  runs?: Array<{ planName?: string; tier?: number; state?: string; error?: unknown }>;
  notFailedOver?: Array<{ name: string; reason: string }>;
}

function printSiteFailover(out: Output, sf: SiteFailoverLike): void {
  out.document(sf, {
    id: sf.id,
    site: sf.siteName,
    kind: sf.kind,
    state: sf.state,
    achievedRto: seconds(sf.achievedRtoSeconds),
    plans: (sf.runs ?? []).map((r) => `tier ${r.tier}: ${r.planName} — ${r.state}`),
    notFailedOver: (sf.notFailedOver ?? []).map((n) => `${n.name} — ${n.reason}`),
  });
}

/** `twinsite site-failover show|watch|retry|cleanup|commit|cancel <id>`: a site failover after its start. */
export function registerSiteFailoverCommands(program: Command, ctx: CliContext): void {
  const group = program
    .command('site-failover')
    .alias('site-failovers')
    .description('follow and drive a site failover started with `twinsite site failover`');

  group
    .command('show')
    .description('a site failover: its state, each plan, and what was not failed over')
    .argument('<id>', 'the site failover ID')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const out = ctx.output(cmd);
      const sf = await ctx.client().get<SiteFailoverLike>(`/site-failovers/${encodeURIComponent(id)}`);
      if (out.json) return out.printJson(sf);
      printSiteFailover(out, sf);
    });

  group
    .command('watch')
    .description('follow a site failover until it ends (exit 0 when failed over, 8 when a plan failed)')
    .argument('<id>', 'the site failover ID')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      watchSiteFailover(ctx, ctx.client(), ctx.output(cmd), id),
    );

  for (const action of ACTIONS) {
    group
      .command(action.name)
      .description(action.description)
      .argument('<id>', 'the site failover ID')
      .option('--note <text>', 'why (kept with the site failover and in the audit log)')
      .option('-w, --watch', 'follow the site failover afterwards')
      .action(async (id: string, opts: { watch?: boolean; note?: string }, cmd: Command) => {
        const out = ctx.output(cmd);
        const client = ctx.client();
        const sf = await client.post<SiteFailoverLike>(
          `/site-failovers/${encodeURIComponent(id)}/${action.name}`,
          opts.note ? { note: opts.note } : {},
        );
        if (opts.watch) return watchSiteFailover(ctx, client, out, sf.id ?? id, action.until);
        if (out.json) return out.printJson(sf);
        out.say(`${action.name}: site failover ${sf.id ?? id} is ${sf.state}`);
      });
  }
}

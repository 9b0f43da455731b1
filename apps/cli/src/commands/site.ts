import { Command, Option } from 'commander';
import { ApiClient } from '../api-client';
import { confirmByTyping } from '../confirm';
import { CliContext } from '../context';
import { ReadinessLike, readinessText } from '../readiness-view';
import { findResource } from '../resolve';
import { Snapshot } from '../watch';
import { RUN_KINDS } from './failover';
import { watchSiteFailover } from './site-failover';

/** `twinsite site failover <site>` and `twinsite site readiness <site>`, on the sites group. */
export function registerSiteCommands(sites: Command, ctx: CliContext): void {
  sites
    .command('failover')
    .description('fail over every protected application of a site (asks to type the site name unless --yes)')
    .argument('<site>', 'the site that is lost (name or ID)')
    .addOption(
      new Option(
        '--kind <kind>',
        'unplanned when the site is down; planned to move away in order; test to rehearse',
      )
        .choices(RUN_KINDS)
        .makeOptionMandatory(),
    )
    .option('--idempotency-key <key>', 'reuse a key to retry a start safely (default: a new one)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--accept-warnings', 'go ahead despite preflight warnings (errors still block)')
    .option('-w, --watch', 'follow the site failover until it ends')
    .action(
      async (
        siteRef: string,
        opts: {
          kind: string;
          idempotencyKey?: string;
          yes?: boolean;
          watch?: boolean;
          acceptWarnings?: boolean;
        },
        cmd: Command,
      ) => {
        const out = ctx.output(cmd);
        const client = ctx.client();
        const site = await findResource(client, 'site', siteRef);
        const name = String(site.name);
        if (!opts.yes) {
          await confirmByTyping(
            ctx.io,
            ctx.stdin,
            `This starts a ${opts.kind} failover of every protected application of site ${name}.`,
            name,
          );
        }
        const run = await client.post<Snapshot>(
          `/sites/${site.id}/failovers`,
          { kind: opts.kind, confirm: name, acceptWarnings: !!opts.acceptWarnings },
          { 'Idempotency-Key': opts.idempotencyKey ?? ApiClient.idempotencyKey() },
        );
        if (opts.watch) {
          out.note(`Started ${opts.kind} failover ${run.id} of site ${name}`);
          return watchSiteFailover(ctx, client, out, run.id);
        }
        if (out.json) return out.printJson(run);
        out.say(`Started ${opts.kind} failover ${run.id} of site ${name} (${run.state})`);
      },
    );

  sites
    .command('readiness')
    .description('can every application of a site be failed over within its objectives today?')
    .argument('<site>', 'name or ID')
    .action(async (siteRef: string, _opts: unknown, cmd: Command) => {
      const out = ctx.output(cmd);
      const client = ctx.client();
      const site = await findResource(client, 'site', siteRef);
      const readiness = await client.get<ReadinessLike>(`/sites/${site.id}/readiness`);
      if (out.json) return out.printJson(readiness);
      out.line(readinessText(readiness).trimEnd());
    });
}

import { Command } from 'commander';
import { CliContext } from '../context';
import { ago, Column } from '../output';
import { Names } from '../resolve';

interface Alert {
  id: string;
  kind: string;
  state: string;
  pairId?: string | null;
  applicationId?: string | null;
  siteId?: string | null;
  openedAt?: string;
  resolvedAt?: string | null;
  note?: string | null;
  [field: string]: unknown;
}

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'];

export function registerAlertCommands(program: Command, ctx: CliContext): void {
  const alerts = program
    .command('alerts')
    .alias('alert')
    .description('RPO and lag-source alerts: list, acknowledge');

  alerts
    .command('list')
    .alias('ls')
    .description('list alerts (every state unless --state)')
    .option('--state <state>', `only alerts in this state: ${ALERT_STATES.join(', ')} (or a comma list)`)
    .option(
      '--kind <kind>',
      'only alerts of this kind: rpo-warning, rpo-breach, lag-source-failing, site-unreachable (or a comma list)',
    )
    .action(async (opts: { state?: string; kind?: string }, cmd: Command) => {
      const out = ctx.output(cmd);
      const client = ctx.client();
      const items = await client.listAll<Alert>('/alerts', { state: opts.state, kind: opts.kind });
      let columns: Column<Alert>[] = [];
      if (!out.json && items.length > 0) {
        const names = new Names(client);
        const [pairs, apps, sites] = await Promise.all([
          names.of('pair'),
          names.of('application'),
          names.of('site'),
        ]);
        const subject = (a: Alert) =>
          a.pairId
            ? `pair ${pairs.get(a.pairId) ?? a.pairId}`
            : a.applicationId
              ? `application ${apps.get(a.applicationId) ?? a.applicationId}`
              : a.siteId
                ? `site ${sites.get(a.siteId) ?? a.siteId}`
                : '-';
        columns = [
          { header: 'ID', value: (a) => a.id },
          { header: 'KIND', value: (a) => a.kind },
          { header: 'STATE', value: (a) => a.state },
          { header: 'SUBJECT', value: subject },
          { header: 'OPENED', value: (a) => ago(a.openedAt) },
          { header: 'NOTE', value: (a) => a.note },
        ];
      }
      out.list(items, columns, opts.state ? `no ${opts.state} alerts` : 'no alerts');
    });

  alerts
    .command('ack')
    .description('acknowledge an alert: someone is on it (it resolves by itself when the condition clears)')
    .argument('<id>', 'the alert ID')
    .requiredOption('--note <text>', 'what is being done about it')
    .action(async (id: string, opts: { note: string }, cmd: Command) => {
      const out = ctx.output(cmd);
      const alert = await ctx
        .client()
        .post<Alert>(`/alerts/${encodeURIComponent(id)}/ack`, { note: opts.note });
      if (out.json) return out.printJson(alert);
      out.say(`Acknowledged alert ${alert?.id ?? id}${alert?.kind ? ` (${alert.kind})` : ''}`);
    });
}

import { Command } from 'commander';
import { parseDuration } from '@twinsite/core/durations';
import { CliContext } from '../context';
import { usageError } from '../exit-codes';
import { formatTable, seconds } from '../output';
import { findResource } from '../resolve';

/** The report's period: `--since 7d` back from now, or `--from`/`--to` ISO times. */
export function reportPeriod(
  opts: { since?: string; from?: string; to?: string },
  now = new Date(),
): { from: string; to: string } {
  const to = opts.to ? parseTime(opts.to, '--to') : now;
  let from: Date;
  if (opts.from) {
    if (opts.since) throw usageError('give --since or --from, not both');
    from = parseTime(opts.from, '--from');
  } else {
    let seconds: number;
    try {
      seconds = parseDuration(opts.since ?? '7d');
    } catch (err) {
      throw usageError(`--since: ${(err as Error).message} (e.g. 7d, 24h, 30m)`);
    }
    from = new Date(to.getTime() - seconds * 1000);
  }
  if (from.getTime() >= to.getTime()) throw usageError('the period is empty: --from must be before --to');
  return { from: from.toISOString(), to: to.toISOString() };
}

function parseTime(value: string, option: string): Date {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw usageError(`${option}: ${value} is not a date or time (e.g. 2025-11-01 or 2025-11-01T08:00:00Z)`);
  return new Date(t);
}

export function registerReportCommands(program: Command, ctx: CliContext): void {
  const report = program.command('report').alias('reports').description('reports: RPO compliance');

  report
    .command('rpo')
    .description(
      "RPO compliance: share of time each application and pair kept its lag within the application's RPO",
    )
    .option('--app <name-or-id>', 'one application (default: all)')
    .option('--since <duration>', 'the period up to now: 7d, 24h, 90m… (default 7d)')
    .option('--from <time>', 'the start of the period (ISO date or time), instead of --since')
    .option('--to <time>', 'the end of the period (default: now)')
    .option('--csv', 'the report as CSV (one row per application, pair and breach), for spreadsheets')
    .action(
      async (
        opts: { app?: string; since?: string; from?: string; to?: string; csv?: boolean },
        cmd: Command,
      ) => {
        const out = ctx.output(cmd);
        const period = reportPeriod(opts);
        const client = ctx.client();
        const app = opts.app ? await findResource(client, 'application', opts.app) : undefined;
        const query = { applicationId: app?.id, from: period.from, to: period.to };
        if (opts.csv) {
          const csv = await client.request<string>('GET', '/reports/rpo-compliance', {
            query: { ...query, format: 'csv' },
            text: true,
          });
          ctx.io.stdout(csv.endsWith('\n') ? csv : csv + '\n');
          return;
        }
        const result = await client.get<ComplianceReport>('/reports/rpo-compliance', query);
        if (out.json) return out.printJson(result);
        ctx.io.stdout(formatComplianceReport(result));
      },
    );
}

interface PairRow {
  name: string;
  compliance: number | null;
  worstLagSeconds: number | null;
  breachCount: number;
  breachSeconds: number;
  state: string;
  lagSeconds: number | null;
}

interface ComplianceReport {
  from: string;
  to: string;
  applications?: Array<
    PairRow & { tier: number; rpoSeconds: number; currentState: string; pairs?: PairRow[] }
  >;
}

/** Rounded down: 99.97 % within the RPO must not read as 100 %. */
export const percent = (v: number | null | undefined) =>
  typeof v !== 'number' ? 'no data' : v >= 1 ? '100%' : `${(Math.floor(v * 1000) / 10).toFixed(1)}%`;

/** Per application a line, then its pairs as a table. */
export function formatComplianceReport(report: ComplianceReport): string {
  const lines = [`RPO compliance from ${report.from} to ${report.to}`];
  const apps = report.applications ?? [];
  if (apps.length === 0) lines.push('', 'no applications');
  for (const app of apps) {
    lines.push(
      '',
      `${app.name} (tier ${app.tier}, RPO ${seconds(app.rpoSeconds)}): ${app.compliance === null || app.compliance === undefined ? 'no lag history in the period' : `${percent(app.compliance)} within RPO`}, worst lag ${seconds(app.worstLagSeconds)}, ` +
        `${app.breachCount} breach${app.breachCount === 1 ? '' : 'es'}${app.breachCount ? ` (${seconds(app.breachSeconds)})` : ''}, now ${app.currentState}`,
    );
    const pairs = app.pairs ?? [];
    if (pairs.length === 0) continue;
    lines.push(
      formatTable(pairs, [
        { header: '  PAIR', value: (p) => `  ${p.name}` },
        { header: 'WITHIN RPO', value: (p) => percent(p.compliance) },
        { header: 'WORST LAG', value: (p) => seconds(p.worstLagSeconds) },
        { header: 'BREACHES', value: (p) => p.breachCount },
        { header: 'BREACH TIME', value: (p) => seconds(p.breachSeconds) },
        { header: 'STATE', value: (p) => p.state },
        { header: 'LAG NOW', value: (p) => seconds(p.lagSeconds) },
      ]).trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}

import { Command } from 'commander';
import { KIND, KindName } from '../apply/kinds';
import { RemoteResource } from '../apply/plan';
import { CliContext } from '../context';
import { ago, Column, seconds } from '../output';
import { fileView, findResource, Names } from '../resolve';

interface ListSpec {
  kind: KindName;
  command: string;
  aliases: string[];
  plural: string;
  /** The table's columns; the names they show are read before it is printed. */
  columns: (names: Names) => Promise<Column<RemoteResource>[]>;
  /** Options of `list` that filter it, and the query they make. */
  filters?: (cmd: Command) => void;
  query?: (opts: Record<string, any>, ctx: CliContext) => Promise<Record<string, string | undefined>>;
}

const idColumn: Column<RemoteResource> = { header: 'ID', value: (r) => r.id };

/** Column values must be synchronous: the names a table needs are read before it is printed. */
async function namesColumn(
  names: Names,
  kind: KindName,
  header: string,
  field: string,
): Promise<Column<RemoteResource>> {
  const map = await names.of(kind);
  return {
    header,
    value: (r) => (typeof r[field] === 'string' ? (map.get(r[field] as string) ?? r[field]) : r[field]),
  };
}

const SPECS: ListSpec[] = [
  {
    kind: 'site',
    command: 'sites',
    aliases: ['site'],
    plural: 'sites',
    columns: async () => [
      { header: 'NAME', value: (r) => r.name },
      { header: 'LOCATION', value: (r) => r.location },
      { header: 'ARM ENDPOINT', value: (r) => r.armEndpoint },
      { header: 'API PROFILE', value: (r) => r.apiProfile },
      idColumn,
    ],
  },
  {
    kind: 'application',
    command: 'apps',
    aliases: ['applications', 'app'],
    plural: 'applications',
    columns: async () => [
      { header: 'NAME', value: (r) => r.name },
      { header: 'OWNER', value: (r) => r.owner },
      { header: 'TIER', value: (r) => r.tier },
      { header: 'RPO', value: (r) => seconds(r.rpoSeconds) },
      { header: 'RTO', value: (r) => seconds(r.rtoSeconds) },
      { header: 'PROTECTION', value: (r) => r.protection },
      { header: 'OPT-IN', value: (r) => (r.optIn ? 'yes' : 'no') },
      idColumn,
    ],
    filters: (cmd) =>
      cmd
        .option('--tier <n>', 'only applications of this tier (1-4)')
        .option('--protection <option>', 'only this protection option'),
    query: async (opts) => ({ tier: opts.tier, protection: opts.protection }),
  },
  {
    kind: 'network-mapping',
    command: 'mappings',
    aliases: ['network-mappings', 'mapping'],
    plural: 'network mappings',
    columns: async (names) => [
      { header: 'NAME', value: (r) => r.name },
      await namesColumn(names, 'site', 'SOURCE', 'sourceSiteId'),
      await namesColumn(names, 'site', 'TARGET', 'targetSiteId'),
      { header: 'IP MODE', value: (r) => r.ipMode },
      { header: 'PUBLIC IP', value: (r) => (r.publicIp ? 'yes' : 'no') },
      idColumn,
    ],
  },
  {
    kind: 'pair',
    command: 'pairs',
    aliases: ['pair'],
    plural: 'replication pairs',
    columns: async (names) => [
      { header: 'NAME', value: (r) => r.name },
      await namesColumn(names, 'application', 'APPLICATION', 'applicationId'),
      await namesColumn(names, 'site', 'SOURCE', 'sourceSiteId'),
      await namesColumn(names, 'site', 'TARGET', 'targetSiteId'),
      { header: 'LAG SOURCE', value: (r) => (r.lagSource as any)?.kind },
      { header: 'STATE', value: (r) => r.state },
      { header: 'LAG', value: (r) => seconds(r.lagSeconds) },
      { header: 'RECOVERY POINT', value: (r) => ago(r.lastRecoveryPointAt) },
      idColumn,
    ],
    filters: (cmd) =>
      cmd
        .option('--app <name>', 'only the pairs of this application')
        .option('--state <state>', 'only pairs in this state'),
    query: async (opts, ctx) => ({
      applicationId: opts.app ? (await findResource(ctx.client(), 'application', opts.app)).id : undefined,
      state: opts.state,
    }),
  },
  {
    kind: 'plan',
    command: 'plans',
    aliases: ['plan'],
    plural: 'recovery plans',
    columns: async (names) => [
      { header: 'NAME', value: (r) => r.name },
      await namesColumn(names, 'application', 'APPLICATION', 'applicationId'),
      {
        header: 'GROUPS',
        value: (r) => (Array.isArray(r.groups) ? r.groups.map((g: any) => g.name).join(' → ') : '-'),
      },
      {
        header: 'PAIRS',
        value: (r) =>
          Array.isArray(r.groups)
            ? r.groups.reduce((n: number, g: any) => n + (g.pairIds?.length ?? 0), 0)
            : '-',
      },
      idColumn,
    ],
    filters: (cmd) => cmd.option('--app <name>', 'only the plans of this application'),
    query: async (opts, ctx) => ({
      applicationId: opts.app ? (await findResource(ctx.client(), 'application', opts.app)).id : undefined,
    }),
  },
];

/** `twinsite sites|apps|mappings|pairs|plans list|show`; returns the groups so that others can add to them. */
export function registerResourceCommands(program: Command, ctx: CliContext): Map<KindName, Command> {
  const groups = new Map<KindName, Command>();
  for (const spec of SPECS) {
    const group = program
      .command(spec.command)
      .aliases(spec.aliases)
      .description(`${spec.plural}: list, show${spec.kind === 'site' ? ', failover, readiness' : ''}`);

    const list = group.command('list').alias('ls').description(`list the ${spec.plural}`);
    spec.filters?.(list);
    list.action(async (opts: Record<string, any>, cmd: Command) => {
      const out = ctx.output(cmd);
      const client = ctx.client();
      const query = spec.query ? await spec.query(opts, ctx) : {};
      const items = await client.listAll<RemoteResource>(KIND[spec.kind].path, query);
      const columns = out.json ? [] : await spec.columns(new Names(client));
      out.list(items, columns, `no ${spec.plural}`);
    });

    group
      .command('show')
      .description(`show one of the ${spec.plural}, as the estate file would declare it`)
      .argument('<name-or-id>')
      .action(async (nameOrId: string, _opts: unknown, cmd: Command) => {
        const out = ctx.output(cmd);
        const client = ctx.client();
        const resource = await findResource(client, spec.kind, nameOrId);
        out.document(resource, out.json ? resource : await fileView(spec.kind, resource, new Names(client)));
      });
    groups.set(spec.kind, group);
  }
  return groups;
}

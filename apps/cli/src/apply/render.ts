import { formatValue } from '../output';
import { Change, ChangePlan, FieldDiff } from './plan';

/** `+ application payments`, `~ pair pay-web-01: sampleIntervalSeconds 30 → 60`, `- plan old-dr`. */
export function changeLines(change: Change): string[] {
  const head = `${change.kind} ${change.name}`;
  switch (change.action) {
    case 'create':
      return [`+ ${head}`];
    case 'delete':
      return [`- ${head}`];
    case 'unchanged':
      return [];
    case 'update':
      if (change.diffs.length === 1) return [`~ ${head}: ${diffText(change.diffs[0])}`];
      return [`~ ${head}:`, ...change.diffs.map((d) => `    ${diffText(d)}`)];
  }
}

export function diffText(diff: FieldDiff): string {
  if (diff.writeOnly) return `${diff.path} (write-only, sent again)`;
  return `${diff.path} ${formatValue(diff.from)} → ${formatValue(diff.to)}`;
}

export interface Counts {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
}

export function counts(changes: Change[]): Counts {
  const c: Counts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const change of changes) c[change.action]++;
  return c;
}

export function summaryLine(plan: ChangePlan, file: string, mode: 'dry-run' | 'applied'): string {
  const c = counts(plan.changes);
  if (c.create + c.update + c.delete === 0) {
    return `No changes: the controller matches ${file} (${c.unchanged} resource${c.unchanged === 1 ? '' : 's'}).`;
  }
  const unchanged = c.unchanged ? `, ${c.unchanged} unchanged` : '';
  if (mode === 'dry-run') {
    return `Plan: ${c.create} to create, ${c.update} to update, ${c.delete} to delete${unchanged}. Nothing was changed (--dry-run).`;
  }
  return `Applied: ${c.create} created, ${c.update} updated, ${c.delete} deleted${unchanged}.`;
}

/** The plan as `-o json` prints it: no secret values, only their paths. */
export function planJson(plan: ChangePlan, file: string, dryRun: boolean, applied: Set<Change>) {
  return {
    file,
    dryRun,
    changes: plan.changes.map((c) => ({
      action: c.action,
      kind: c.kind,
      name: c.name,
      id:
        c.remote?.id ?? (c.action === 'create' && c.entry ? (plan.refs.idOf(c.kind, c.name) ?? null) : null),
      diffs: c.diffs.map((d) =>
        d.writeOnly
          ? { path: d.path, writeOnly: true }
          : { path: d.path, from: d.from ?? null, to: d.to ?? null },
      ),
      applied: applied.has(c),
    })),
    summary: counts(plan.changes),
  };
}

/** One row of the benchmark table `npm run bench` prints. */
export interface BenchRow {
  area: string;
  measure: string;
  value: string;
  goal?: string;
}

export function printTable(rows: BenchRow[]): void {
  const header = ['area', 'measure', 'value', 'goal'];
  const lines = rows.map((r) => [r.area, r.measure, r.value, r.goal ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const line of lines) console.log(fmt(line));
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

import { stringify } from 'yaml';
import { formatDuration } from '@twinsite/core/durations';
import { ApiError } from './api-client';
import { CliError } from './exit-codes';

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Where a command writes: injectable so that formatting is testable without a process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** Tables for people (`-o table`, the default), JSON for scripts (`-o json`). */
export class Output {
  constructor(
    readonly format: OutputFormat,
    readonly io: Io = processIo,
  ) {}

  get json(): boolean {
    return this.format === 'json';
  }

  /** A line for people; `-o json` keeps stdout for the JSON document, so it goes to stderr there. */
  say(text: string): void {
    if (this.json) this.io.stderr(text + '\n');
    else this.io.stdout(text + '\n');
  }

  /** A line of the result on stdout whatever the format (for streams such as `failover watch`). */
  line(text: string): void {
    this.io.stdout(text + '\n');
  }

  note(text: string): void {
    this.io.stderr(text + '\n');
  }

  printJson(value: unknown): void {
    this.io.stdout(JSON.stringify(value, null, 2) + '\n');
  }

  /** A list: a table, or with `-o json` the raw items as an array. */
  list<T>(items: T[], columns: Column<T>[], empty: string): void {
    if (this.json) return this.printJson(items);
    if (items.length === 0) return this.io.stdout(empty + '\n');
    this.io.stdout(formatTable(items, columns));
  }

  /** One resource or result: YAML-like for people (`shown`), or the raw `value` as JSON. */
  document(value: unknown, shown: unknown = value): void {
    if (this.json) return this.printJson(value);
    this.io.stdout(formatDocument(shown));
  }

  error(err: unknown): void {
    if (this.json) {
      this.io.stderr(JSON.stringify({ error: errorJson(err) }, null, 2) + '\n');
      return;
    }
    for (const line of errorLines(err)) this.io.stderr(line + '\n');
  }
}

export function formatTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const render = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].join('\n') + '\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'string') return value.replace(/\s*\n\s*/g, ' ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A document for people: YAML, which reads like the estate file. */
export function formatDocument(value: unknown): string {
  if (value === null || value === undefined) return '\n';
  return stringify(value, { lineWidth: 0 });
}

/** Seconds as people read them: `300` → `5m`, null → `-`. */
export function seconds(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  return formatDuration(value, { maxUnits: 2 });
}

export function ago(iso: unknown, now = Date.now()): string {
  if (typeof iso !== 'string') return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${seconds(Math.max(0, Math.round((now - t) / 1000)))} ago`;
}

/** A value in a one-line change description: `30`, `"a b"`, `(unset)`, `{"kind":"agent"}`. */
export function formatValue(value: unknown, max = 80): string {
  let text: string;
  if (value === undefined || value === null) return '(unset)';
  if (typeof value === 'string') {
    if (value.includes('\n')) return `(${value.trim().split('\n').length} lines)`;
    text = value === '' || /^\s|\s$|[,→]/.test(value) ? JSON.stringify(value) : value;
  } else if (typeof value === 'object') {
    text = JSON.stringify(value);
  } else {
    text = String(value);
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function errorJson(err: unknown): Record<string, unknown> {
  if (err instanceof ApiError) {
    return { code: err.code, message: err.message, details: err.details, status: err.status };
  }
  if (err instanceof CliError) {
    return { code: err.code, message: err.message, details: err.lines.length ? err.lines : null };
  }
  return { code: 'internal', message: (err as Error)?.message ?? String(err), details: null };
}

/** `twinsite: <message>` and, for a validation error, one line per field. */
export function errorLines(err: unknown): string[] {
  if (err instanceof ApiError) {
    const violations = err.violations;
    if (violations.length > 0) {
      return [`twinsite: the API refused the request (${err.code}):`, ...violations.map(formatViolation)];
    }
    return [
      `twinsite: ${err.message}${err.code && !/^http-\d+$/.test(err.code) && err.code !== 'endpoint-missing' ? ` (${err.code})` : ''}`,
    ];
  }
  if (err instanceof CliError) return [`twinsite: ${err.message}`, ...err.lines.map((l) => `  ${l}`)];
  return [`twinsite: ${(err as Error)?.message ?? String(err)}`];
}

export function formatViolation(v: { field: string; rule?: string; message: string }): string {
  return `  ${v.field}: ${v.message}${v.rule ? ` [${v.rule}]` : ''}`;
}

import type { PreflightFinding } from '../api/types';

export interface PreflightSummary {
  /** The controller's own verdict when it gives one. */
  ready: boolean | null;
  findings: PreflightFinding[];
}

type Loose = Record<string, unknown>;

/**
 * Normalises a preflight answer: `{ ready|ok|passed, findings|checks|problems: [...] }`,
 * each finding `{ severity|level, message, code }` or a plain string.
 */
export function readPreflight(answer: unknown): PreflightSummary {
  const o = (answer && typeof answer === 'object' ? answer : {}) as Loose;
  const list = Array.isArray(answer)
    ? (answer as unknown[])
    : ([o.findings, o.checks, o.problems, o.items].find(Array.isArray) as unknown[] | undefined);
  const findings = (list ?? []).map(toFinding);
  const verdict = [o.ready, o.ok, o.passed].find((v) => typeof v === 'boolean') as boolean | undefined;
  const ready = verdict ?? (list ? !findings.some((f) => f.severity === 'error') : null);
  return { ready, findings };
}

function toFinding(item: unknown): PreflightFinding {
  if (typeof item === 'string') return { severity: 'info', message: item };
  const f = (item ?? {}) as Loose;
  const raw = String(
    f.severity ?? f.level ?? (f.ok === false ? 'error' : f.ok === true ? 'info' : 'warning'),
  ).toLowerCase();
  const severity =
    raw.startsWith('err') || raw === 'blocking' || raw === 'fail'
      ? 'error'
      : raw.startsWith('warn')
        ? 'warning'
        : 'info';
  const message = String(f.message ?? f.description ?? f.name ?? f.code ?? 'finding');
  return { severity, message, code: typeof f.code === 'string' ? f.code : undefined };
}

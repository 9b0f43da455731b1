import type { PlanStep } from '../api/types';
import { formatDuration } from '../format/format';

function host(url: string | undefined): string {
  if (!url) return '?';
  try {
    const u = new URL(url);
    return u.host + (u.pathname === '/' ? '' : u.pathname);
  } catch {
    return url;
  }
}

/** A plan step in one line of plain words. */
export function describeStep(
  step: PlanStep,
  pairName: (id: string) => string,
): { title: string; detail: string } {
  switch (step.kind) {
    case 'manual-approval':
      return {
        title: 'Manual approval',
        detail: step.message ?? 'an operator approves before the run continues',
      };
    case 'webhook':
      return {
        title: 'Webhook',
        detail: `POST ${host(step.url)} · timeout ${formatDuration(step.timeoutSeconds ?? 30)} · ${step.retries ?? 2} retries`,
      };
    case 'database-promote':
      return {
        title: 'Promote database',
        detail: `replica of ${step.pairId ? pairName(step.pairId) : '?'} becomes the primary`,
      };
    case 'dns-update':
      return {
        title: 'DNS update',
        detail: `${step.recordName ?? '?'} via ${host(step.url)}${step.ttlSeconds ? ` · TTL ${formatDuration(step.ttlSeconds)}` : ''}`,
      };
    case 'health-check': {
      const target = step.target?.startsWith('pair:')
        ? `${pairName(step.target.slice(5))} (failed-over VM)`
        : (step.target ?? '?');
      return {
        title: 'Health check',
        detail: `${(step.protocol ?? 'tcp').toUpperCase()} ${target}:${step.port ?? '?'}${step.path ?? ''} · up to ${formatDuration(step.timeoutSeconds ?? 300)}`,
      };
    }
    case 'wait':
      return { title: 'Wait', detail: formatDuration(step.seconds ?? 0) };
    default:
      return { title: step.kind, detail: '' };
  }
}

export function StepDescription({ step, pairName }: { step: PlanStep; pairName(id: string): string }) {
  const { title, detail } = describeStep(step, pairName);
  return (
    <span className={`step step-${step.kind}`}>
      <strong>{title}</strong>
      {detail && <span className="muted"> — {detail}</span>}
    </span>
  );
}

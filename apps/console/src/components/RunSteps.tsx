import type { FailoverRun, RunStep } from '../api/types';
import { stepErrorText, type RunAction } from '../domain/runs';
import { formatDuration, formatTime } from '../format/format';
import { ActionButton } from './ActionButton';
import { StateBadge } from './StateBadge';

interface Props {
  run: FailoverRun;
  /** Actions the run allows now and the user may take; empty for viewers. */
  actions: readonly RunAction[];
  onStepAction(step: RunStep, action: 'approve' | 'retry' | 'skip', reason: string): Promise<void>;
}

function duration(step: RunStep): string {
  if (!step.startedAt) return '';
  const end = step.endedAt ? new Date(step.endedAt).getTime() : Date.now();
  return formatDuration((end - new Date(step.startedAt).getTime()) / 1000);
}

/** Every step of the run with its state; approve, retry and skip sit on the step they apply to. */
export function RunSteps({ run, actions, onStepAction }: Props) {
  if (!run.steps.length) return <p className="muted">The controller has not planned the steps yet.</p>;
  return (
    <ol className="run-steps">
      {run.steps.map((step) => {
        const error = stepErrorText(step);
        const stepActions: Array<'approve' | 'retry' | 'skip'> = [];
        if (step.state === 'waiting-for-approval' && actions.includes('approve')) stepActions.push('approve');
        if (step.state === 'failed' && actions.includes('retry')) stepActions.push('retry');
        if (step.state === 'failed' && actions.includes('skip')) stepActions.push('skip');
        return (
          <li
            key={step.id}
            className={`run-step run-step-${step.state}`}
            aria-current={stepActions.length ? 'step' : undefined}
          >
            <div className="run-step-main">
              <StateBadge state={step.state} />
              <span className="run-step-name">
                {step.name}
                {step.group && <span className="muted small"> · {step.group}</span>}
              </span>
              <span
                className="muted small"
                title={step.startedAt ? `started ${formatTime(step.startedAt)}` : undefined}
              >
                {duration(step)}
              </span>
            </div>
            {(step.approvedBy || step.skipReason) && (
              <p className="small muted">
                {step.approvedBy && `approved by ${step.approvedBy}`}
                {step.skipReason &&
                  `skipped${step.skippedBy ? ` by ${step.skippedBy}` : ''}: ${step.skipReason}`}
              </p>
            )}
            {error && (
              <p className="run-step-error" role="alert">
                {error}
              </p>
            )}
            {stepActions.length > 0 && (
              <div className="actions">
                {stepActions.map((action) => (
                  <ActionButton
                    key={action}
                    action={action}
                    subject={step.name}
                    input={
                      action === 'skip'
                        ? { label: 'Why may it be skipped? (kept with the run and in the audit log)' }
                        : undefined
                    }
                    onRun={(reason) => onStepAction(step, action, reason)}
                  />
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

import type { Plan, PlanStep } from '../api/types';
import { StepDescription } from './StepDescription';

interface Props {
  plan: Plan;
  pairName(id: string): string;
}

function Steps({
  label,
  steps,
  pairName,
}: {
  label: string;
  steps: PlanStep[];
  pairName(id: string): string;
}) {
  if (!steps.length) return null;
  return (
    <div className="plan-steps">
      <h4>{label}</h4>
      <ol>
        {steps.map((step, i) => (
          <li key={i}>
            <StepDescription step={step} pairName={pairName} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The plan in order: each group's steps before, its pairs (in parallel), its steps after. */
export function PlanGroups({ plan, pairName }: Props) {
  if (!plan.groups.length) return <p className="muted">This plan has no groups.</p>;
  return (
    <ol className="plan-groups">
      {plan.groups.map((group, index) => (
        <li key={index} className="plan-group">
          <h3>
            <span className="group-number">{index + 1}</span> {group.name}
          </h3>
          <Steps label="Before" steps={group.before} pairName={pairName} />
          <div className="plan-steps">
            <h4>
              Fail over in parallel ({group.pairIds.length} pair{group.pairIds.length === 1 ? '' : 's'})
            </h4>
            <ul className="pair-chips">
              {group.pairIds.slice(0, 24).map((id) => (
                <li key={id}>{pairName(id)}</li>
              ))}
              {group.pairIds.length > 24 && <li className="muted">and {group.pairIds.length - 24} more</li>}
            </ul>
          </div>
          <Steps label="After" steps={group.after} pairName={pairName} />
        </li>
      ))}
    </ol>
  );
}

import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { Plan } from '../api/types';
import { readPreflight } from '../domain/preflight';
import { notifyRunsChanged } from '../events/runsChanged';
import { StartFailoverForm, type KindChoice } from './StartFailoverForm';

const KINDS: readonly KindChoice[] = [
  {
    kind: 'test',
    label: 'Test failover',
    help: 'Rehearsal in the isolated test network. Production keeps running and is not touched.',
  },
  {
    kind: 'planned',
    label: 'Planned failover',
    help: 'The source site is up: stop it, take a final recovery point, then fail over. No data is lost.',
  },
  {
    kind: 'unplanned',
    label: 'Unplanned failover',
    help: 'The source site is down: fail over to the latest recovery point. Changes made after it are lost.',
  },
];

/** Failing over one plan; the run page follows it. */
export function FailoverForm({ plan }: { plan: Plan }) {
  const navigate = useNavigate();
  return (
    <StartFailoverForm
      heading="Fail over"
      kinds={KINDS}
      preflightHelp="Checks the target site, quotas, sizes and network mappings before anything changes."
      confirmName={plan.name}
      confirmNoun="plan name"
      feature="Failover"
      preflight={async (kind) => readPreflight(await api.preflight(plan.id, kind))}
      readRefusal={readPreflight}
      start={async (kind, confirm, acceptWarnings, key) => {
        const run = await api.startFailover(plan.id, kind, confirm, acceptWarnings, key);
        notifyRunsChanged();
        navigate(`/runs/${run.id}`);
      }}
    />
  );
}

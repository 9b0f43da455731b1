import { useCallback } from 'react';
import { api } from '../api/client';
import { stepProgress } from '../domain/runs';
import { useStreamEvent } from '../events/EventStreamContext';
import { useLoad } from '../hooks/useLoad';

/** "step 4 of 9: Start VM shop-web-01" for one plan's run while the engine works on it. */
export function PlanRunProgress({ runId }: { runId: string }) {
  const load = useCallback((signal: AbortSignal) => api.run(runId, signal), [runId]);
  const run = useLoad(load, [runId]);
  useStreamEvent('run', (event) => {
    if ((event.run?.id ?? event.id) === runId) run.reload();
  });
  if (!run.data) return null;
  const { done, total, current } = stepProgress(run.data);
  if (total === 0) return null;
  return (
    <span className="small block">
      step {Math.min(done + 1, total)} of {total}
      {current ? `: ${current.name}` : ''}
    </span>
  );
}

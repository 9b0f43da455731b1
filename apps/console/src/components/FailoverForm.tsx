import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import type { Plan, RunKind } from '../api/types';
import { readPreflight, type PreflightSummary } from '../domain/preflight';
import { notifyRunsChanged } from '../events/runsChanged';
import { ErrorNotice } from './ErrorNotice';
import { PreflightFindings } from './PreflightFindings';

const KINDS: ReadonlyArray<{ kind: RunKind; label: string; help: string }> = [
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

/**
 * Starting a failover: choose the kind, check preflight, type the plan name, go.
 * One idempotency key per attempt, so a double submit or a retried request starts one run.
 */
export function FailoverForm({ plan }: { plan: Plan }) {
  const navigate = useNavigate();
  const [kind, setKind] = useState<RunKind>('test');
  const [confirm, setConfirm] = useState('');
  const [preflight, setPreflight] = useState<PreflightSummary | null>(null);
  const [preflightError, setPreflightError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [attemptKey, setAttemptKey] = useState(newIdempotencyKey);
  const [acceptWarnings, setAcceptWarnings] = useState(false);
  const warnings = preflight?.findings.filter((f) => f.severity === 'warning').length ?? 0;
  const confirmed = confirm === plan.name;

  function chooseKind(next: RunKind) {
    setKind(next);
    setPreflight(null);
    setPreflightError(null);
    setAcceptWarnings(false);
    setAttemptKey(newIdempotencyKey());
  }

  async function runPreflight() {
    setChecking(true);
    setPreflightError(null);
    try {
      setPreflight(readPreflight(await api.preflight(plan.id, kind)));
    } catch (cause) {
      setPreflight(null);
      setPreflightError(cause);
    } finally {
      setChecking(false);
    }
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) return;
    setStarting(true);
    setStartError(null);
    try {
      const run = await api.startFailover(plan.id, kind, confirm, acceptWarnings && warnings > 0, attemptKey);
      notifyRunsChanged();
      navigate(`/runs/${run.id}`);
    } catch (cause) {
      // Refused on preflight findings: show them where the preflight shows its own.
      if (cause instanceof ApiError && /^preflight-/.test(cause.code) && cause.details)
        setPreflight(readPreflight(cause.details));
      setStartError(cause);
      setStarting(false);
      // Refused outright (4xx): nothing started, so the next attempt is a new one. After a network error
      // or a 5xx it may have started: the same key makes a retry return that run instead of a second one.
      if (cause instanceof ApiError && cause.status >= 400 && cause.status < 500)
        setAttemptKey(newIdempotencyKey());
    }
  }

  const chosen = KINDS.find((k) => k.kind === kind)!;
  return (
    <form className="panel failover-form" onSubmit={start} aria-labelledby="failover-heading">
      <h2 id="failover-heading">Fail over</h2>
      <fieldset className="kinds">
        <legend>1. Kind of failover</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className={`kind ${kind === k.kind ? 'selected' : ''}`}>
            <input
              type="radio"
              name="kind"
              value={k.kind}
              checked={kind === k.kind}
              onChange={() => chooseKind(k.kind)}
            />
            <span>
              <strong>{k.label}</strong>
              <span className="muted small block">{k.help}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="step-block">
        <h3>2. Preflight</h3>
        <p className="muted small">
          Checks the target site, quotas, sizes and network mappings before anything changes.
        </p>
        <button type="button" onClick={runPreflight} disabled={checking}>
          {checking ? 'Checking…' : `Run preflight for a ${chosen.label.toLowerCase()}`}
        </button>
        <ErrorNotice error={preflightError} what="Preflight" feature="Preflight" />
        {preflight && <PreflightFindings summary={preflight} />}
      </div>

      <div className="step-block">
        <h3>3. Confirm</h3>
        <label htmlFor="confirm-name">
          Type the plan name <code>{plan.name}</code> to confirm
        </label>
        <input
          id="confirm-name"
          autoComplete="off"
          spellCheck={false}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-describedby="confirm-help"
        />
        <p id="confirm-help" className="hint">
          {confirmed ? 'Name matches.' : 'The start button unlocks when the name matches exactly.'}
          {preflight?.ready === false &&
            ' Preflight found blocking problems: the controller may refuse to start.'}
        </p>
        {warnings > 0 && (
          <label className="check">
            <input
              type="checkbox"
              checked={acceptWarnings}
              onChange={(e) => setAcceptWarnings(e.target.checked)}
            />{' '}
            Go ahead despite {warnings === 1 ? 'the warning' : `the ${warnings} warnings`}
          </label>
        )}
        <ErrorNotice error={startError} what="Starting the failover" feature="Failover" />
        <button
          type="submit"
          className={kind === 'test' ? 'primary' : 'danger'}
          disabled={!confirmed || starting}
        >
          {starting ? 'Starting…' : `Start ${chosen.label.toLowerCase()}`}
        </button>
      </div>
    </form>
  );
}

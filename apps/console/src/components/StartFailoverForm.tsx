import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, newIdempotencyKey } from '../api/client';
import type { RunKind } from '../api/types';
import type { PreflightSummary } from '../domain/preflight';
import { ErrorNotice } from './ErrorNotice';
import { PreflightFindings } from './PreflightFindings';

export interface KindChoice {
  kind: RunKind;
  label: string;
  help: string;
}

interface Props {
  heading: string;
  kinds: readonly KindChoice[];
  /** What preflight checks, in a sentence. */
  preflightHelp: string;
  /** What is typed to confirm (the plan's or the site's name) and how it is called. */
  confirmName: string;
  confirmNoun: string;
  /** The error notice's name for the feature when it is not deployed. */
  feature: string;
  preflight(kind: RunKind): Promise<PreflightSummary>;
  /** Reads the findings out of a refusal's details (a start refused on preflight). */
  readRefusal(details: unknown): PreflightSummary;
  start(kind: RunKind, confirm: string, acceptWarnings: boolean, idempotencyKey: string): Promise<void>;
  /** Shown under the findings: what the preflight found beyond them (e.g. the order plans will start in). */
  details?: ReactNode;
  onKindChange?(kind: RunKind): void;
}

/**
 * Starting a failover, of one plan or of a whole site: choose the kind, check preflight,
 * type the name, go. One idempotency key per attempt, so a double submit or a retried
 * request starts one failover.
 */
export function StartFailoverForm(props: Props) {
  const { kinds, confirmName } = props;
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
  const confirmed = confirm === confirmName;

  function chooseKind(next: RunKind) {
    setKind(next);
    setPreflight(null);
    setPreflightError(null);
    setAcceptWarnings(false);
    setAttemptKey(newIdempotencyKey());
    props.onKindChange?.(next);
  }

  async function runPreflight() {
    setChecking(true);
    setPreflightError(null);
    try {
      setPreflight(await props.preflight(kind));
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
      await props.start(kind, confirm, acceptWarnings && warnings > 0, attemptKey);
    } catch (cause) {
      // Refused on preflight findings: show them where the preflight shows its own.
      if (cause instanceof ApiError && /^preflight-/.test(cause.code) && cause.details)
        setPreflight(props.readRefusal(cause.details));
      setStartError(cause);
      setStarting(false);
      // Refused outright (4xx): nothing started, so the next attempt is a new one. After a network error
      // or a 5xx it may have started: the same key makes a retry return that one instead of a second.
      if (cause instanceof ApiError && cause.status >= 400 && cause.status < 500)
        setAttemptKey(newIdempotencyKey());
    }
  }

  const chosen = kinds.find((k) => k.kind === kind)!;
  const headingId = `${props.heading.replace(/\W+/g, '-').toLowerCase()}-heading`;
  return (
    <form className="panel failover-form" onSubmit={start} aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      <fieldset className="kinds">
        <legend>1. Kind of failover</legend>
        {kinds.map((k) => (
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
        <p className="muted small">{props.preflightHelp}</p>
        <button type="button" onClick={runPreflight} disabled={checking}>
          {checking ? 'Checking…' : `Run preflight for a ${chosen.label.toLowerCase()}`}
        </button>
        <ErrorNotice error={preflightError} what="Preflight" feature="Preflight" />
        {preflight && <PreflightFindings summary={preflight} />}
        {preflight && props.details}
      </div>

      <div className="step-block">
        <h3>3. Confirm</h3>
        <label htmlFor={`${headingId}-confirm`}>
          Type the {props.confirmNoun} <code>{confirmName}</code> to confirm
        </label>
        <input
          id={`${headingId}-confirm`}
          autoComplete="off"
          spellCheck={false}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-describedby={`${headingId}-confirm-help`}
        />
        <p id={`${headingId}-confirm-help`} className="hint">
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
        <ErrorNotice error={startError} what="Starting the failover" feature={props.feature} />
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

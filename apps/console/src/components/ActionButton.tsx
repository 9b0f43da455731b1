import { useId, useState } from 'react';
import {
  ACTION_EXPLANATION,
  ACTION_LABEL,
  CONFIRMED_ACTIONS,
  type ActionInput,
  type RunAction,
} from '../domain/runs';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  action: RunAction;
  /** Extra words for the accessible name and the dialog title, e.g. the step. */
  subject?: string;
  /** A field in the confirmation dialog (the plan name before a failback, a reason before a skip). */
  input?: ActionInput;
  /** Words for an action on something other than one run (a whole site failover). */
  label?: string;
  explanation?: string;
  onRun(value: string): Promise<void>;
}

/** A run or step action; the ones that cannot be taken back ask first and say what they do. */
export function ActionButton({ action, subject, input, onRun, ...words }: Props) {
  const label = words.label ?? ACTION_LABEL[action];
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [value, setValue] = useState('');
  const inputId = useId();
  const needsConfirm = CONFIRMED_ACTIONS.includes(action);
  const danger = action === 'cancel' || action === 'commit' || action === 'skip' || action === 'failback';

  async function run() {
    setBusy(true);
    try {
      await onRun(value.trim());
    } finally {
      setBusy(false);
      setOpen(false);
      setValue('');
    }
  }

  return (
    <>
      <button
        type="button"
        className={danger ? 'danger-outline' : action === 'approve' ? 'primary' : undefined}
        disabled={busy}
        onClick={() => (needsConfirm ? setOpen(true) : void run())}
      >
        {busy && !needsConfirm ? 'Working…' : label}
        {subject && <span className="visually-hidden"> {subject}</span>}
      </button>
      {needsConfirm && (
        <ConfirmDialog
          open={open}
          title={`${label}${subject ? `: ${subject}` : ''}?`}
          confirmLabel={label}
          danger={danger}
          busy={busy}
          confirmDisabled={input?.mustEqual !== undefined && value !== input.mustEqual}
          onConfirm={() => void run()}
          onCancel={() => {
            setOpen(false);
            setValue('');
          }}
        >
          <p>{words.explanation ?? ACTION_EXPLANATION[action]}</p>
          {input && (
            <>
              <label htmlFor={inputId}>{input.label}</label>
              <input
                id={inputId}
                autoComplete="off"
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            </>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

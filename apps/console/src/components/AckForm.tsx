import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Alert } from '../api/types';
import { ALERT_KIND_LABEL } from '../format/format';
import { ErrorNotice } from './ErrorNotice';

/**
 * Acknowledge an open alert with a note saying who is on it and what is being done.
 * A lagging pair has a warning and a breach open at once: the kind is part of the
 * accessible names, so the two forms can be told apart.
 */
export function AckForm({ alert, subject, onDone }: { alert: Alert; subject: string; onDone(): void }) {
  const what = `${ALERT_KIND_LABEL[alert.kind] ?? alert.kind} alert on ${subject}`;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `ack-${alert.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.acknowledgeAlert(alert.id, note.trim());
      onDone();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="ack-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Note for the {what}
      </label>
      <input
        id={id}
        placeholder="Note (who is on it, what is being done)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Acknowledging…' : 'Acknowledge'}
        <span className="visually-hidden"> {what}</span>
      </button>
      <ErrorNotice error={error} what="Acknowledging" />
    </form>
  );
}

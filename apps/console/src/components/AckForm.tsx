import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Alert } from '../api/types';
import { ErrorNotice } from './ErrorNotice';

/** Acknowledge an open alert with a note saying who is on it and what is being done. */
export function AckForm({ alert, subject, onDone }: { alert: Alert; subject: string; onDone(): void }) {
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
        Note for the alert on {subject}
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
        <span className="visually-hidden"> alert on {subject}</span>
      </button>
      <ErrorNotice error={error} what="Acknowledging" />
    </form>
  );
}

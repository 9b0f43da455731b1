import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Application, Protection } from '../api/types';
import { PROTECTION_LABEL } from '../format/format';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  application: Application;
  onSaved(application: Application): void;
  onCancel(): void;
}

/** Admins change an application's objectives; the version guards against overwriting someone else's change. */
export function ApplicationEditForm({ application, onSaved, onCancel }: Props) {
  const [tier, setTier] = useState(String(application.tier));
  const [rpo, setRpo] = useState(String(application.rpoSeconds));
  const [rto, setRto] = useState(String(application.rtoSeconds));
  const [protection, setProtection] = useState<Protection>(application.protection);
  const [optIn, setOptIn] = useState(application.optIn);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.updateApplication(application.id, application.version, {
        tier: Number(tier),
        rpoSeconds: Number(rpo),
        rtoSeconds: Number(rto),
        protection,
        optIn,
      });
      onSaved(saved);
    } catch (cause) {
      setError(cause);
      setBusy(false);
    }
  }

  return (
    <form className="panel form-grid" onSubmit={submit} aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit objectives</h2>
      <label htmlFor="edit-tier">Tier</label>
      <select id="edit-tier" value={tier} onChange={(e) => setTier(e.target.value)}>
        {[1, 2, 3, 4].map((t) => (
          <option key={t} value={t}>
            {t}
            {t === 1 ? ' (most critical)' : ''}
          </option>
        ))}
      </select>
      <label htmlFor="edit-rpo">RPO in seconds</label>
      <input
        id="edit-rpo"
        type="number"
        min={1}
        required
        value={rpo}
        onChange={(e) => setRpo(e.target.value)}
      />
      <label htmlFor="edit-rto">RTO in seconds</label>
      <input
        id="edit-rto"
        type="number"
        min={1}
        required
        value={rto}
        onChange={(e) => setRto(e.target.value)}
      />
      <label htmlFor="edit-protection">Protection</label>
      <select
        id="edit-protection"
        value={protection}
        onChange={(e) => setProtection(e.target.value as Protection)}
      >
        {Object.entries(PROTECTION_LABEL).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <span />
      <label className="check">
        <input type="checkbox" checked={optIn} onChange={(e) => setOptIn(e.target.checked)} /> Opted in to
        protection
      </label>
      <div className="span-all">
        <ErrorNotice error={error} what="Saving the objectives" />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

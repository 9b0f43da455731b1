import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { IssuedToken, Role } from '../api/types';
import { ErrorNotice } from './ErrorNotice';

const ROLES: ReadonlyArray<{ role: Role; help: string }> = [
  { role: 'viewer', help: 'reads everything, changes nothing' },
  { role: 'operator', help: 'also fails over and acknowledges alerts' },
  { role: 'admin', help: 'also configures the estate and manages tokens' },
];

export function TokenCreateForm({ onCreated }: { onCreated(token: IssuedToken): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const issued = await api.createToken(name.trim(), role);
      setName('');
      onCreated(issued);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="filters" onSubmit={submit} aria-labelledby="create-token-heading">
      <h3 id="create-token-heading" className="span-all">
        Create a token
      </h3>
      <div className="field">
        <label htmlFor="token-name">Name</label>
        <input
          id="token-name"
          required
          maxLength={100}
          placeholder="e.g. night-shift operator"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="token-role">Role</label>
        <select
          id="token-role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          aria-describedby="token-role-help"
        >
          {ROLES.map((r) => (
            <option key={r.role} value={r.role}>
              {r.role}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        {busy ? 'Creating…' : 'Create token'}
      </button>
      <p id="token-role-help" className="hint span-all">
        {ROLES.find((r) => r.role === role)?.help}
      </p>
      <div className="span-all">
        <ErrorNotice error={error} what="Creating the token" />
      </div>
    </form>
  );
}

import { useState } from 'react';
import { api } from '../api/client';
import type { ApiToken } from '../api/types';
import { formatAgo, formatTime } from '../format/format';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  tokens: ApiToken[];
  /** The signed-in token, which is not offered for revocation here. */
  selfId: string;
  onChanged(): void;
}

export function TokenTable({ tokens, selfId, onChanged }: Props) {
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      await api.revokeToken(revoking.id);
      onChanged();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  }

  return (
    <>
      <ErrorNotice error={error} what="Revoking the token" />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className={t.revokedAt ? 'revoked' : undefined}>
                <th scope="row">
                  {t.name}
                  <div className="muted small mono">{t.prefix}…</div>
                </th>
                <td>{t.role}</td>
                <td>
                  {formatTime(t.createdAt)}
                  {t.createdBy && <div className="muted small">by {t.createdBy}</div>}
                </td>
                <td title={t.lastUsedAt ? formatTime(t.lastUsedAt) : undefined}>
                  {t.lastUsedAt ? formatAgo(t.lastUsedAt) : 'never'}
                </td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge badge-muted">revoked {formatTime(t.revokedAt)}</span>
                  ) : t.id === selfId ? (
                    <span className="badge badge-info">this session</span>
                  ) : (
                    <button type="button" className="danger-outline small" onClick={() => setRevoking(t)}>
                      Revoke<span className="visually-hidden"> {t.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke token"
        danger
        busy={busy}
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        <p>
          Anything using this token (a person, a script, an agent) is refused from now on. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

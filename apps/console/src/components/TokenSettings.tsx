import { useState } from 'react';
import { api } from '../api/client';
import type { IssuedToken } from '../api/types';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { IssuedTokenNotice } from './IssuedTokenNotice';
import { Loading } from './Loading';
import { TokenCreateForm } from './TokenCreateForm';
import { TokenTable } from './TokenTable';

/** Admins issue and revoke API tokens. */
export function TokenSettings({ selfId }: { selfId: string }) {
  const tokens = useLoad((signal) => api.tokens(signal), []);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const list = (tokens.data ?? []).filter((t) => !t.pairId && (showRevoked || !t.revokedAt));
  const revokedCount = (tokens.data ?? []).filter((t) => !t.pairId && t.revokedAt).length;

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <div className="panel">
        <TokenCreateForm
          onCreated={(token) => {
            setIssued(token);
            tokens.reload();
          }}
        />
        {issued && <IssuedTokenNotice token={issued} onDismiss={() => setIssued(null)} />}
      </div>
      <ErrorNotice error={tokens.error} what="Loading the tokens" />
      {tokens.loading && <Loading what="tokens" />}
      {tokens.data && <TokenTable tokens={list} selfId={selfId} onChanged={tokens.reload} />}
      {revokedCount > 0 && (
        <label className="check">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />{' '}
          Show {revokedCount} revoked token{revokedCount === 1 ? '' : 's'}
        </label>
      )}
      <p className="hint">
        Agent tokens (one per replication pair) are issued from the pair and are not listed here.
      </p>
    </section>
  );
}

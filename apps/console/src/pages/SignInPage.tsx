import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useSession } from '../session/SessionContext';
import { useTitle } from '../hooks/useTitle';

export function SignInPage() {
  useTitle('Sign in');
  const { signIn, endedBecause } = useSession();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token.trim()) {
      setError('Paste an API token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 401)
        setError(`The controller did not accept this token: ${cause.message}`);
      else setError(cause instanceof Error ? cause.message : String(cause));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <form className="panel signin-form" onSubmit={submit} noValidate>
        <h1>Twinsite</h1>
        <p className="muted">Replication and failover between your two Azure Stack Hub stamps.</p>
        {endedBecause && (
          <p className="notice notice-warning" role="status">
            {endedBecause}
          </p>
        )}
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
          aria-invalid={error ? true : undefined}
        />
        <p id="token-help" className="hint">
          Paste the token an administrator gave you (it starts with <code>tws_</code>). It is kept only in
          this browser tab.
        </p>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

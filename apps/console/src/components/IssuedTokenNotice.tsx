import { useEffect, useRef, useState } from 'react';
import type { IssuedToken } from '../api/types';

/** The one time a token's value is shown: say so, and make it easy to copy. */
export function IssuedTokenNotice({ token, onDismiss }: { token: IssuedToken; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div
      className="notice notice-ok issued"
      role="status"
      tabIndex={-1}
      ref={ref}
      aria-labelledby="issued-heading"
    >
      <h3 id="issued-heading">
        Token “{token.name}” created ({token.role})
      </h3>
      <p>
        Copy it now: <strong>this is the only time its value is shown.</strong>
      </p>
      <label htmlFor="issued-value">Token value</label>
      <div className="copy-row">
        <input
          id="issued-value"
          readOnly
          value={token.token}
          onFocus={(e) => e.target.select()}
          className="mono"
        />
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <button type="button" className="link-button" onClick={onDismiss}>
        I have stored it, hide the value
      </button>
    </div>
  );
}

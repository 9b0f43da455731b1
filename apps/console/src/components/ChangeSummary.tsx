/** What an audit entry changed: the field names at a glance, the full (redacted) change on demand. */
export function ChangeSummary({ change }: { change: Record<string, unknown> | null }) {
  if (!change || Object.keys(change).length === 0) return <span className="muted">—</span>;
  const keys = Object.keys(change);
  return (
    <details className="change">
      <summary>
        {keys.slice(0, 4).join(', ')}
        {keys.length > 4 ? ` and ${keys.length - 4} more` : ''}
      </summary>
      <pre>{JSON.stringify(change, null, 2)}</pre>
    </details>
  );
}

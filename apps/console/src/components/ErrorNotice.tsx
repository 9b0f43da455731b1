import { ApiError } from '../api/client';
import { NotAvailable } from './NotAvailable';

interface Props {
  error: unknown;
  /** What was being done, e.g. "Loading the applications". */
  what: string;
  /** Name of the feature when the endpoint may not exist yet, e.g. "Alerting". */
  feature?: string;
}

interface Violation {
  field?: string;
  message?: string;
}

/** An API error as the operator needs it: what failed, the controller's own message, and its code. */
export function ErrorNotice({ error, what, feature }: Props) {
  if (!error) return null;
  if (error instanceof ApiError && error.notAvailable) return <NotAvailable what={feature ?? what} />;
  const message = error instanceof Error ? error.message : String(error);
  const violations =
    error instanceof ApiError && Array.isArray(error.details)
      ? (error.details as Violation[]).filter((v) => v && typeof v === 'object' && v.message)
      : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{what} failed:</strong> {message}
        {error instanceof ApiError && error.status > 0 && (
          <span className="muted">
            {' '}
            ({error.code}, HTTP {error.status})
          </span>
        )}
      </p>
      {violations.length > 1 && (
        <ul>
          {violations.map((v, i) => (
            <li key={i}>{v.field ? `${v.field}: ${v.message}` : v.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

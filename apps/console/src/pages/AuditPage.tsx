import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { ChangeSummary } from '../components/ChangeSummary';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { formatTime } from '../format/format';
import { useCursorPager } from '../hooks/useCursorPager';
import { useTitle } from '../hooks/useTitle';

const PAGE_SIZE = 50;

/** Who changed what, newest first, 50 entries a page. */
export function AuditPage() {
  useTitle('Audit log');
  const [draft, setDraft] = useState({ action: '', actor: '' });
  const [filters, setFilters] = useState({ action: '', actor: '' });
  const pager = useCursorPager((request) => api.auditPage(filters, request), PAGE_SIZE, [
    filters.action,
    filters.actor,
  ]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({ action: draft.action.trim(), actor: draft.actor.trim() });
  }

  return (
    <>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <input
            id="audit-action"
            placeholder="e.g. site.update"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Token name</label>
          <input
            id="audit-actor"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </div>
        <button type="submit">Filter</button>
        {(filters.action || filters.actor) && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft({ action: '', actor: '' });
              setFilters({ action: '', actor: '' });
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      <ErrorNotice error={pager.error} what="Loading the audit log" />
      {pager.loading && <Loading what="the audit log" />}
      {pager.items?.length === 0 && (
        <p className="muted">
          No audit entries{filters.action || filters.actor ? ' match these filters' : ''}.
        </p>
      )}
      {pager.items && pager.items.length > 0 && (
        <div className="table-wrap">
          <table className="table audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {pager.items.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatTime(entry.at)}</td>
                  <td>
                    {entry.actorName} <span className="muted small">({entry.actorRole})</span>
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.resourceType}
                    {entry.resourceId && (
                      <div className="muted small mono" title={entry.resourceId}>
                        {entry.resourceId}
                      </div>
                    )}
                  </td>
                  <td>
                    <ChangeSummary change={entry.change} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label="Pages of the audit log"
        pageNumber={pager.pageNumber}
        hasPrevious={pager.hasPrevious}
        hasNext={pager.hasNext}
        onPrevious={pager.previous}
        onNext={pager.next}
        previousText="Newer"
        nextText="Older"
      />
    </>
  );
}

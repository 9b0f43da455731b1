import { useEffect } from 'react';
import { api } from '../api/client';
import type { Pair } from '../api/types';
import { useStreamEvent, usePollInterval } from '../events/EventStreamContext';
import { useCursorPager } from '../hooks/useCursorPager';
import { useInterval } from '../hooks/useInterval';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';
import { Pager } from './Pager';
import { PairRow } from './PairRow';

interface Props {
  applicationId: string;
  rpoSeconds: number;
  siteName(id: string): string;
  chartedPairId: string | null;
  onChart(pair: Pair): void;
  /** The first page, so the page can chart the worst pair without another request. */
  onFirstPage?(pairs: Pair[]): void;
}

const PAGE_SIZE = 50;

/** The application's pairs, 50 at a time through the API's cursor, kept fresh by lag events or polling. */
export function PairsTable({
  applicationId,
  rpoSeconds,
  siteName,
  chartedPairId,
  onChart,
  onFirstPage,
}: Props) {
  const pager = useCursorPager((request) => api.pairsPage(applicationId, request), PAGE_SIZE, [
    applicationId,
  ]);
  useInterval(pager.reload, usePollInterval(10_000, 60_000));
  useStreamEvent('lag', (event) => {
    if (pager.items?.some((p) => p.id === event.pairId)) {
      pager.update((items) =>
        items.map((p) =>
          p.id === event.pairId ? { ...p, lagSeconds: event.lagSeconds, state: event.state } : p,
        ),
      );
    }
  });
  const firstPage = pager.pageNumber === 1 ? pager.items : undefined;
  useEffect(() => {
    if (firstPage) onFirstPage?.(firstPage);
  }, [firstPage, onFirstPage]);

  return (
    <section aria-labelledby="pairs-heading">
      <h2 id="pairs-heading">Replication pairs</h2>
      <ErrorNotice error={pager.error} what="Loading the pairs" />
      {pager.loading && <Loading what="pairs" />}
      {pager.items && pager.items.length === 0 && pager.pageNumber === 1 && (
        <p className="muted">This application has no replication pairs yet.</p>
      )}
      {pager.items && pager.items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Source → target</th>
                <th scope="col">State</th>
                <th scope="col">Lag</th>
                <th scope="col">
                  <span className="visually-hidden">Chart</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pager.items.map((pair) => (
                <PairRow
                  key={pair.id}
                  pair={pair}
                  rpoSeconds={rpoSeconds}
                  siteName={siteName}
                  charted={pair.id === chartedPairId}
                  onChart={() => onChart(pair)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label="Pages of pairs"
        pageNumber={pager.pageNumber}
        hasPrevious={pager.hasPrevious}
        hasNext={pager.hasNext}
        onPrevious={pager.previous}
        onNext={pager.next}
        previousText={`Previous ${PAGE_SIZE}`}
        nextText={`Next ${PAGE_SIZE}`}
      />
    </section>
  );
}

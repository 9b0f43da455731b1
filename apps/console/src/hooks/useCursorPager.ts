import { useCallback, useState } from 'react';
import type { Page } from '../api/types';
import type { PageRequest } from '../api/client';
import { useLoad } from './useLoad';

export interface CursorPager<T> {
  items: T[] | undefined;
  error: unknown;
  loading: boolean;
  updatedAt: Date | null;
  /** 1-based number of the page on screen. */
  pageNumber: number;
  pageSize: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next(): void;
  previous(): void;
  reload(): void;
  /** Back to the first page (after a filter changes, say). */
  reset(): void;
  /** Changes the rows on screen in place (a live event). */
  update(fn: (items: T[]) => T[]): void;
}

/**
 * Pages through a `{ items, nextCursor }` list `pageSize` rows at a time. The API
 * pages forward only, so the cursors of the pages already seen are kept to go back.
 */
export function useCursorPager<T>(
  fetchPage: (request: PageRequest) => Promise<Page<T>>,
  pageSize: number,
  deps: unknown[],
): CursorPager<T> {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [resetKey, setResetKey] = useState(0);
  // New filters start again from the first page.
  const depsKey = JSON.stringify(deps);
  const [seenDepsKey, setSeenDepsKey] = useState(depsKey);
  if (seenDepsKey !== depsKey) {
    setSeenDepsKey(depsKey);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1];
  const loaded = useLoad(
    (signal) => fetchPage({ limit: pageSize, cursor, signal }),
    [cursor, pageSize, resetKey, ...deps],
  );
  const nextCursor = loaded.data?.nextCursor ?? null;

  const next = useCallback(() => {
    if (nextCursor) setCursors((list) => [...list, nextCursor]);
  }, [nextCursor]);
  const previous = useCallback(() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)), []);
  const reset = useCallback(() => {
    setCursors([null]);
    setResetKey((k) => k + 1);
  }, []);

  return {
    items: loaded.data?.items,
    error: loaded.error,
    loading: loaded.loading,
    updatedAt: loaded.updatedAt,
    pageNumber: cursors.length,
    pageSize,
    hasNext: nextCursor !== null,
    hasPrevious: cursors.length > 1,
    next,
    previous,
    reload: loaded.reload,
    reset,
    update: (fn) => loaded.setData((page) => (page ? { ...page, items: fn(page.items) } : page)),
  };
}

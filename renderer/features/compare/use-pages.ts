import { useCallback, useEffect, useRef, useState } from 'react';
import { COMPARE_PAGE_SIZE } from '../../../shared/compare';
import type { AppErrorShape, Result } from '../../../shared/errors';

interface Page<T> {
  offset: number;
  total: number;
  items: T[];
}

export interface PagedList<T> {
  total: number;
  /** The item at `index`, or undefined while its page is on its way. */
  item(index: number): T | undefined;
  /** Asks for the pages covering [start, end] that are neither held nor on their way. */
  want(start: number, end: number): void;
  error: AppErrorShape | null;
}

/**
 * One list of a held compare, a page at a time: the first page came with the compare; the rest are fetched as the
 * virtualized list shows their rows (each page once), so 100,000 rows never cross IPC in one piece.
 */
export function usePagedList<T>(first: Page<T>, fetchPage: (offset: number) => Promise<Result<Page<T>>>): PagedList<T> {
  const [pages, setPages] = useState<Map<number, T[]>>(() => new Map([[0, first.items]]));
  const [error, setError] = useState<AppErrorShape | null>(null);
  const inFlight = useRef(new Set<number>());
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const total = first.total;

  const want = useCallback(
    (start: number, end: number) => {
      const last = Math.min(end, total - 1);
      for (let p = Math.floor(Math.max(0, start) / COMPARE_PAGE_SIZE); p * COMPARE_PAGE_SIZE <= last; p += 1) {
        if (pages.has(p) || inFlight.current.has(p)) continue;
        inFlight.current.add(p);
        void fetchRef.current(p * COMPARE_PAGE_SIZE).then((res) => {
          inFlight.current.delete(p);
          if (!res.ok) setError(res.error);
          else setPages((prev) => new Map(prev).set(p, res.value.items));
        });
      }
    },
    [pages, total],
  );

  const item = useCallback((index: number) => pages.get(Math.floor(index / COMPARE_PAGE_SIZE))?.[index % COMPARE_PAGE_SIZE], [pages]);
  return { total, item, want, error };
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { nextIndex } from './list-keys';
import type { PagedList } from './use-pages';

/**
 * The compare view's lists, virtualized and paged the same way: only the rows in view are rendered, their pages are
 * asked for as they scroll in, and the keys (arrows, Page Up/Down, Home, End) move the focus to a row, scrolling it
 * in first when it is not rendered yet.
 */
export function usePagedRows<T>(list: PagedList<T>, rowHeight: number, overscan: number) {
  const viewport = useRef<HTMLDivElement>(null);
  /** A row the keyboard moved to, to focus once it is rendered (it may be scrolled in just now). */
  const focusNext = useRef<number | null>(null);
  // The virtualizer's functions are not memoizable; the component reads them fresh each render (as the console does).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: list.total, getScrollElement: () => viewport.current, estimateSize: () => rowHeight, overscan });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  const { want } = list;
  useEffect(() => want(first, last), [want, first, last]);
  useEffect(() => {
    if (focusNext.current === null) return;
    const button = viewport.current?.querySelector<HTMLElement>(`[data-index="${focusNext.current}"] button`);
    if (!button) return; // not rendered yet (or its page is on its way): the next render tries again
    focusNext.current = null;
    button.focus();
  });

  /** Moves to the row the key names, from the focused row (or `from` when no row has the focus); returns it. */
  const onKeyDown = (e: KeyboardEvent<HTMLElement>, from: number): number | null => {
    const at = e.target instanceof HTMLElement ? Number(e.target.closest('[data-index]')?.getAttribute('data-index') ?? NaN) : NaN;
    const to = nextIndex(e, Number.isNaN(at) ? from : at, list.total, Math.max(1, rows.length - 2));
    if (to === null) return null;
    e.preventDefault();
    focusNext.current = to;
    virtualizer.scrollToIndex(to, { align: 'auto' });
    return to;
  };
  return { viewport, rows, totalSize: virtualizer.getTotalSize(), onKeyDown };
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ComparedProblem } from '../../../shared/compare';
import type { Diagnostic } from '../../../shared/diagnostics';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { nextIndex } from './list-keys';
import type { PagedList } from './use-pages';

/** A file of one run, at a line (0: the whole file). */
export interface OpenTarget {
  jobId: string;
  file: string;
  line: number;
}

const ROW_HEIGHT = 56;

/**
 * One state's problems (new, fixed or unchanged), virtualized and paged: only the rows in view are in the DOM and
 * only their pages are fetched, so a compare of 100,000 problems scrolls like one of ten. Each row opens the file
 * at its line in run A, run B, or both. Arrow keys, Page Up/Down, Home and End move between rows.
 */
interface Props {
  list: PagedList<ComparedProblem>;
  /** The two runs' job ids. */
  runs: { a: string; b: string };
  onOpen: (t: OpenTarget) => void;
  selected: OpenTarget | null;
}

export function ProblemList({ list, runs, onOpen, selected }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<number | null>(null);
  /** A row the keyboard moved to, to focus once it is rendered (it may be scrolled in just now). */
  const focusNext = useRef<number | null>(null);
  // The virtualizer's functions are not memoizable; this component reads them fresh each render (as the console does).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: list.total, getScrollElement: () => viewport.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
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

  if (list.error) return <ErrorNotice error={list.error} title="More problems could not be loaded" testId="compare-page-error" />;
  if (list.total === 0) return <EmptyState icon="check" title="None." testId="compare-problems-empty" />;
  return (
    <div
      className="compare-problems"
      ref={viewport}
      data-testid="compare-problems"
      onKeyDown={(e) => {
        const at = e.target instanceof HTMLElement ? Number(e.target.closest('[data-index]')?.getAttribute('data-index') ?? NaN) : NaN;
        const to = nextIndex(e, Number.isNaN(at) ? (active ?? 0) : at, list.total, Math.max(1, rows.length - 2));
        if (to === null) return;
        e.preventDefault();
        setActive(to);
        focusNext.current = to;
        virtualizer.scrollToIndex(to, { align: 'auto' });
      }}
    >
      <ul className="compare-problem-list" aria-label="Problems" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const p = list.item(row.index);
          const style = { transform: `translateY(${row.start}px)`, height: ROW_HEIGHT };
          if (!p) {
            return (
              <li key={row.key} className="compare-problem muted" data-index={row.index} data-testid="compare-problem-loading" style={style}>
                Loading…
              </li>
            );
          }
          const d = (p.b ?? p.a) as Diagnostic;
          return (
            <li
              key={row.key}
              className="compare-problem"
              data-testid="compare-problem"
              data-index={row.index}
              data-fingerprint={p.fingerprint}
              aria-setsize={list.total}
              aria-posinset={row.index + 1}
              style={style}
            >
              <span className={`compare-problem-text sev-${d.severity}`}>
                <span className="mono diagnostic-code">{d.code}</span> {d.message}
              </span>
              <span className="compare-problem-where">
                {(['a', 'b'] as const).map((side) => {
                  const at = p[side];
                  if (!at) return null;
                  const jobId = runs[side];
                  const open = selected?.jobId === jobId && selected.file === at.file && selected.line === at.line;
                  return (
                    <button
                      key={side}
                      type="button"
                      className="btn btn-small btn-ghost mono"
                      aria-pressed={open}
                      data-testid={`compare-open-${side}`}
                      onFocus={() => setActive(row.index)}
                      onClick={() => onOpen({ jobId, file: at.file, line: at.line })}
                    >
                      <span className="visually-hidden">Open in run </span>
                      {side.toUpperCase()}: {at.file}:{at.line}
                    </button>
                  );
                })}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

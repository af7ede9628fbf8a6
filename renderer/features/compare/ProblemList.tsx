import { useState } from 'react';
import type { ComparedProblem } from '../../../shared/compare';
import type { Diagnostic } from '../../../shared/diagnostics';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { PagedList } from './use-pages';
import { usePagedRows } from './use-paged-rows';

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
  const [active, setActive] = useState<number | null>(null);
  const { viewport, rows, totalSize, onKeyDown } = usePagedRows(list, ROW_HEIGHT, 8);

  if (list.error) return <ErrorNotice error={list.error} title="More problems could not be loaded" testId="compare-page-error" />;
  if (list.total === 0) return <EmptyState icon="check" title="None." testId="compare-problems-empty" />;
  return (
    <div
      className="compare-problems"
      ref={viewport}
      data-testid="compare-problems"
      onKeyDown={(e) => {
        const to = onKeyDown(e, active ?? 0);
        if (to !== null) setActive(to);
      }}
    >
      <ul className="compare-problem-list" aria-label="Problems" style={{ height: totalSize }}>
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

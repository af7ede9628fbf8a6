import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ComparedProblem } from '../../../shared/compare';
import type { Diagnostic } from '../../../shared/diagnostics';
import { EmptyState } from '../../components/EmptyState';

/** A file of one run, at a line (0: the whole file). */
export interface OpenTarget {
  jobId: string;
  file: string;
  line: number;
}

const ROW_HEIGHT = 56;

/**
 * One state's problems (new, fixed or unchanged), virtualized: only the rows in view are in the DOM, so a compare
 * of 100,000 problems scrolls like one of ten. Each row opens the file at its line in run A, run B, or both.
 */
interface Props {
  items: ComparedProblem[];
  /** The two runs' job ids. */
  runs: { a: string; b: string };
  onOpen: (t: OpenTarget) => void;
  selected: OpenTarget | null;
}

export function ProblemList({ items, runs, onOpen, selected }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  // The virtualizer's functions are not memoizable; this component reads them fresh each render (as the console does).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => viewport.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  if (items.length === 0) return <EmptyState icon="check" title="None." testId="compare-problems-empty" />;
  return (
    <div className="compare-problems" ref={viewport} data-testid="compare-problems">
      <ul className="compare-problem-list" aria-label="Problems" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const p = items[row.index] as ComparedProblem;
          const d = (p.b ?? p.a) as Diagnostic;
          return (
            <li
              key={row.key}
              className="compare-problem"
              data-testid="compare-problem"
              data-fingerprint={p.fingerprint}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
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

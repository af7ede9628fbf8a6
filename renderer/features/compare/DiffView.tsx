import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

const ROW_HEIGHT = 20;

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('===') || line.startsWith('Index:')) return 'diff-meta';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return 'diff-ctx';
}

/** A unified diff, one virtualized row per line; added and removed lines say so in words too, not only in colour. */
export function DiffView({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  const viewport = useRef<HTMLDivElement>(null);
  // The virtualizer's functions are not memoizable; this component reads them fresh each render (as the console does).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => viewport.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  return (
    <div className="diff-view mono" ref={viewport} tabIndex={0} role="region" aria-label="Unified diff" data-testid="compare-diff">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const line = lines[row.index] as string;
          const cls = lineClass(line);
          return (
            <div key={row.key} className={`diff-line ${cls}`} style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }} data-testid="diff-line">
              {cls === 'diff-add' ? <span className="visually-hidden">added: </span> : cls === 'diff-del' ? <span className="visually-hidden">removed: </span> : null}
              {line}
            </div>
          );
        })}
      </div>
    </div>
  );
}

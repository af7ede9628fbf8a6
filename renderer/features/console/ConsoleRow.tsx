import { memo, type CSSProperties, type ReactNode } from 'react';
import type { OutputLine } from '../../../shared/jobs';
import { segmentsOf, type Segment } from './ansi';
import { splitMatches } from './search';

/** Longer lines are cut for display (the copy and the full log keep everything). */
const MAX_CHARS = 4000;

const STREAM_LABELS = { stdout: 'out', stderr: 'err', system: 'sys' } as const;
const STREAM_TITLES = { stdout: 'Standard output', stderr: 'Error output (stderr)', system: 'Message from Hapyy' } as const;

interface Props {
  line: OutputLine;
  index: number;
  top: number;
  query: string;
  current: boolean;
}

/** One console line: a gutter with its number and stream (words and a marker, not colour alone), then the text. */
export const ConsoleRow = memo(function ConsoleRow({ line, index, top, query, current }: Props) {
  const style: CSSProperties = { transform: `translateY(${top}px)` };
  return (
    <div
      className={`console-row stream-${line.stream}${current ? ' console-row-current' : ''}`}
      style={style}
      data-testid="console-row"
      data-index={index}
      data-seq={line.seq}
      data-stream={line.stream}
    >
      <span className="console-gutter" title={STREAM_TITLES[line.stream]}>
        <span className="console-seq">{line.seq}</span>
        <span className="console-stream" aria-label={STREAM_TITLES[line.stream]}>
          {line.stream === 'stderr' ? '▲ ' : line.stream === 'system' ? '› ' : ''}
          {STREAM_LABELS[line.stream]}
        </span>
      </span>
      <span className="console-text">{renderSegments(segmentsOf(line), query)}</span>
    </div>
  );
});

function renderSegments(segments: Segment[], query: string) {
  let budget = MAX_CHARS;
  let total = 0;
  const out: ReactNode[] = [];
  segments.forEach((seg, i) => {
    total += seg.text.length;
    if (budget <= 0) return;
    const text = seg.text.length > budget ? seg.text.slice(0, budget) : seg.text;
    budget -= text.length;
    const style: CSSProperties | undefined = seg.color || seg.background ? { color: seg.color, backgroundColor: seg.background } : undefined;
    const parts = splitMatches(text, query);
    out.push(
      <span key={i} className={seg.className || undefined} style={style}>
        {parts.length === 1 && !parts[0]?.match
          ? text
          : parts.map((p, j) =>
              p.match ? (
                <mark key={j} className="console-match">
                  {p.text}
                </mark>
              ) : (
                p.text
              ),
            )}
      </span>,
    );
  });
  if (total > MAX_CHARS) {
    out.push(
      <span key="cut" className="console-cut">
        {` … ${(total - MAX_CHARS).toLocaleString('en-US')} more characters`}
      </span>,
    );
  }
  return out;
}

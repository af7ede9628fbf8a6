import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { grammarFor, highlightLines, type Token } from './highlight';

const LINE_HEIGHT = 20;
/** Larger texts are shown plain: highlighting half a megabyte would stall the window. */
export const HIGHLIGHT_MAX_CHARS = 200_000;

interface Props {
  text: string;
  path: string;
  language: string | null;
  /** 1-based line to bring into view and mark. */
  line: number | null;
}

/** Text with line numbers, virtualized, syntax-highlighted once the highlighter has loaded. */
export function CodeView({ text, path, language, line }: Props) {
  const lines = useMemo(() => text.split(/\r?\n/), [text]);
  const grammar = grammarFor(language, path);
  const highlightable = grammar !== null && text.length <= HIGHLIGHT_MAX_CHARS;
  const [highlighted, setHighlighted] = useState<{ text: string; tokens: Token[][] } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!highlightable || !grammar) return;
    let live = true;
    highlightLines(text, grammar)
      .then((tokens) => {
        if (live && tokens) setHighlighted({ text, tokens });
      })
      .catch(() => undefined); // plain text stays on screen
    return () => {
      live = false;
    };
  }, [text, grammar, highlightable]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the compiler skips this component; fine here
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });

  useEffect(() => {
    if (line !== null && line > 0) virtualizer.scrollToIndex(Math.min(line, lines.length) - 1, { align: 'center' });
  }, [line, lines.length, virtualizer]);

  const tokens = highlighted && highlighted.text === text ? highlighted.tokens : null;
  const gutterChars = String(lines.length).length;
  return (
    <>
      {grammar !== null && !highlightable ? <p className="muted small preview-note">Syntax colouring is off for files this large.</p> : null}
      <div ref={scroller} className="code-view hljs" tabIndex={0} role="region" aria-label={`Contents of ${path}`} data-testid="preview-code">
        <div className="code-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const n = item.index + 1;
            const target = n === line;
            return (
              <div
                key={item.index}
                className={`code-line${target ? ' code-line-target' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                data-testid="preview-line"
                data-line={n}
                aria-current={target ? 'true' : undefined}
              >
                <span className="code-num" style={{ width: `${gutterChars + 1}ch` }} aria-hidden="true">
                  {n}
                </span>
                <span className="code-text">
                  {tokens
                    ? (tokens[item.index] ?? []).map((t, i) => (
                        <span key={i} className={t.className || undefined}>
                          {t.text}
                        </span>
                      ))
                    : lines[item.index]}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

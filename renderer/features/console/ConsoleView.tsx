import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { formatCount } from '../../../shared/format';
import type { OutputLine } from '../../../shared/jobs';
import { useAnnounce } from '../../app/announcer';
import { copyText } from '../../app/clipboard';
import { Icon } from '../../components/Icon';
import { plainText } from './ansi';
import { ConsoleRow } from './ConsoleRow';
import { ConsoleSearch } from './ConsoleSearch';
import type { LineStore } from './line-store';
import { MatchIndex } from './search';
import { useFollow } from './use-follow';

export const ROW_HEIGHT = 20;

interface Props {
  store: LineStore;
  /** record.truncated: the console holds only part of the output. */
  truncated: boolean;
  onOpenLog: () => void;
  /** What to say when there is no output (still waiting, or the tool printed nothing). */
  emptyText: string;
  /** The engine's debug chatter (chatter.ts), hidden by default; null when the engine declares none. */
  chatter?: ((line: OutputLine) => boolean) | null;
}

/**
 * The live console: fixed-height rows, virtualized, so only the rows in view (plus a margin) are in the DOM
 * however long the output grows.
 */
export function ConsoleView({ store, truncated, onOpenLog, emptyText, chatter = null }: Props) {
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  const [showChatter, setShowChatter] = useState(false);
  const hiding = chatter !== null && !showChatter;
  const all = store.lines;
  // Filtering an append-only list keeps it append-only, so the search index below stays incremental.
  const lines = useMemo(() => (hiding ? all.filter((l) => !chatter(l)) : all), [all, hiding, chatter, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const hidden = all.length - lines.length;
  const count = lines.length;
  const search = useRef<HTMLInputElement>(null);
  const announce = useAnnounce();
  const follow = useFollow(version);
  const viewport = follow.viewport;
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  // A new view of the lines (chatter shown or hidden) starts a new index.
  const index = useMemo(() => new MatchIndex(), [hiding]); // eslint-disable-line react-hooks/exhaustive-deps
  const matches = useMemo(() => index.update(lines, query, store.dropped), [index, lines, query, store.dropped, version]); // eslint-disable-line react-hooks/exhaustive-deps

  // The virtualizer's functions are not memoizable; the React Compiler skips this component, which is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The virtualizer scrolls its element to this offset when it attaches; start at the newest line (following).
    initialOffset: () => count * ROW_HEIGHT,
  });

  const step = useCallback(
    (delta: 1 | -1) => {
      if (matches.length === 0) return;
      const next = (current + delta + matches.length) % matches.length;
      setCurrent(next);
      follow.stop();
      const target = matches[next];
      if (target !== undefined) virtualizer.scrollToIndex(target, { align: 'center' });
    },
    [matches, current, follow, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      search.current?.focus();
    } else if (['PageUp', 'ArrowUp', 'Home'].includes(e.key)) follow.stop();
    else if (e.key === 'End') follow.jumpToLatest();
  };

  const copyAll = async () => {
    const ok = await copyText(lines.map(plainText).join('\n'));
    announce(ok ? `Copied ${formatCount(count)} lines.` : 'Copy is not available here.', ok ? 'polite' : 'assertive');
  };

  const currentLine = matches[Math.min(current, matches.length - 1)];
  return (
    <div className="console" onKeyDown={onKeyDown}>
      <div className="console-toolbar">
        <ConsoleSearch
          inputRef={search}
          query={query}
          onQuery={(q) => {
            setQuery(q);
            setCurrent(0);
          }}
          count={matches.length}
          current={Math.min(current, Math.max(0, matches.length - 1))}
          onStep={step}
        />
        <span className="console-count muted small" data-testid="console-count">
          {formatCount(count + store.dropped)} {count + store.dropped === 1 ? 'line' : 'lines'}
        </span>
        {chatter !== null ? (
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={showChatter}
            onClick={() => setShowChatter(!showChatter)}
            data-testid="console-chatter"
            title="Debug lines the engine prints; run.log always keeps them"
          >
            {showChatter ? 'Hide engine debug lines' : `Show engine debug lines (${formatCount(hidden)} hidden)`}
          </button>
        ) : null}
        <button type="button" className="btn btn-small" onClick={() => void copyAll()} disabled={count === 0} data-testid="console-copy">
          <Icon name="copy" />
          Copy
        </button>
      </div>
      {truncated || store.dropped > 0 ? (
        <div className="notice notice-warning console-notice" data-testid="console-truncated">
          <Icon name="warning" className="notice-icon" />
          <span className="notice-body">Output truncated: not every line is shown here. The full log has everything that was kept.</span>
          <button type="button" className="btn btn-small" onClick={onOpenLog} data-testid="open-full-log">
            Open full log
          </button>
        </div>
      ) : null}
      <div
        ref={viewport}
        className="console-viewport"
        role="region"
        aria-label="Console output"
        tabIndex={0}
        onScroll={follow.onScroll}
        onWheel={(e) => {
          if (e.deltaY < 0) follow.stop();
        }}
        data-testid="console"
      >
        {count === 0 ? (
          <p className="console-empty muted" data-testid="console-empty">
            {store.isSeeded ? emptyText : 'Loading output…'}
          </p>
        ) : (
          <div className="console-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines[item.index];
              return line ? (
                <ConsoleRow key={line.seq} line={line} index={item.index} top={item.start} query={query} current={item.index === currentLine && query !== ''} />
              ) : null;
            })}
          </div>
        )}
      </div>
      {!follow.following && count > 0 ? (
        <button type="button" className="btn btn-primary btn-small jump-latest" onClick={follow.jumpToLatest} data-testid="jump-latest">
          <Icon name="chevronsDown" />
          Jump to latest
        </button>
      ) : null}
    </div>
  );
}

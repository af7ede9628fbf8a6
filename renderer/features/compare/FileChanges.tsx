import { useState } from 'react';
import type { FileChange } from '../../../shared/compare';
import { formatBytes, formatCount } from '../../../shared/format';
import { useChannel } from '../../api/use-channel';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { DiffView } from './DiffView';
import type { PagedList } from './use-pages';
import { usePagedRows } from './use-paged-rows';

const CHANGE_LABEL: Record<FileChange['change'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };
const ROW_HEIGHT = 32;

function sizes(f: FileChange): string {
  if (f.change === 'added') return formatBytes(f.sizeB ?? 0);
  if (f.change === 'removed') return formatBytes(f.sizeA ?? 0);
  return `${formatBytes(f.sizeA ?? 0)} → ${formatBytes(f.sizeB ?? 0)}`;
}

/**
 * The files the runs produced that differ: a virtualized, paged list on the left; the picked one's unified diff
 * (asked for when it is picked, one file at a time) or sizes on the right.
 */
export function FileChanges({ compareId, list, unchanged }: { compareId: string; list: PagedList<FileChange>; unchanged: number }) {
  const [picked, setPicked] = useState<FileChange | null>(list.item(0) ?? null);
  const { viewport, rows, totalSize, onKeyDown } = usePagedRows(list, ROW_HEIGHT, 10);

  if (list.error) return <ErrorNotice error={list.error} title="More files could not be loaded" testId="compare-page-error" />;
  if (list.total === 0) {
    return <EmptyState icon="check" title={`No produced file differs (${formatCount(unchanged)} the same).`} testId="compare-files-empty" />;
  }
  return (
    <div className="compare-split">
      <div className="compare-files-pane">
        <div
          className="compare-files"
          ref={viewport}
          onKeyDown={(e) => onKeyDown(e, 0)}
        >
          <ul className="compare-file-list" aria-label="Changed files" data-testid="compare-files" style={{ height: totalSize }}>
            {rows.map((row) => {
              const f = list.item(row.index);
              const style = { transform: `translateY(${row.start}px)`, height: ROW_HEIGHT };
              return (
                <li key={row.key} data-index={row.index} className="compare-file-row" style={style}>
                  {f ? (
                    <button
                      type="button"
                      className={`tree-row compare-file change-${f.change}`}
                      aria-current={f.path === picked?.path ? 'true' : undefined}
                      onClick={() => setPicked(f)}
                      data-testid="compare-file"
                      data-path={f.path}
                      data-change={f.change}
                    >
                      <span className="compare-file-change">{CHANGE_LABEL[f.change]}</span>
                      <span className="mono tree-name">{f.path}</span>
                    </button>
                  ) : (
                    <span className="muted small">Loading…</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
        {unchanged > 0 ? <p className="muted small compare-files-same">{formatCount(unchanged)} unchanged</p> : null}
      </div>
      <div className="preview-pane">{picked ? <FileDetail key={picked.path} compareId={compareId} file={picked} /> : null}</div>
    </div>
  );
}

/** One file's change: sizes, and for a changed text file its diff, computed in main when the file is picked. */
function FileDetail({ compareId, file }: { compareId: string; file: FileChange }) {
  const wantsDiff = file.change === 'changed' && file.kind === 'text' && file.diff === null && file.diffNote === null;
  const diff = useChannel('compare:diff', wantsDiff ? { compareId, path: file.path } : null);
  const shown = wantsDiff ? diff.data : file;
  return (
    <section className="preview" aria-label={`Changes to ${file.path}`} data-testid="compare-file-detail">
      <header className="preview-head">
        <span className="preview-path mono">{file.path}</span>
        <span className="muted small">
          {CHANGE_LABEL[file.change]} · {sizes(file)}
          {file.kind === 'binary' ? ' · binary' : ''}
        </span>
      </header>
      {diff.error ? <ErrorNotice error={diff.error} title="The difference could not be shown" onRetry={diff.reload} testId="compare-diff-error" /> : null}
      {wantsDiff && !shown && !diff.error ? <Loading label="Comparing the file…" testId="compare-diff-loading" /> : null}
      {shown?.diff ? (
        <DiffView diff={shown.diff} />
      ) : shown ? (
        <p className="muted small compare-hint" data-testid="compare-no-diff">
          {shown.diffNote ?? (file.kind === 'binary' ? 'A binary file: only its size is compared.' : 'Only in one run: nothing to compare it with.')}
        </p>
      ) : null}
    </section>
  );
}

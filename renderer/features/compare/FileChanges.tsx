import { useState } from 'react';
import type { CompareResult, FileChange } from '../../../shared/compare';
import { formatBytes, formatCount } from '../../../shared/format';
import { EmptyState } from '../../components/EmptyState';
import { DiffView } from './DiffView';

const CHANGE_LABEL: Record<FileChange['change'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

function sizes(f: FileChange): string {
  if (f.change === 'added') return formatBytes(f.sizeB ?? 0);
  if (f.change === 'removed') return formatBytes(f.sizeA ?? 0);
  return `${formatBytes(f.sizeA ?? 0)} → ${formatBytes(f.sizeB ?? 0)}`;
}

/** The files the runs produced that differ: a list on the left, the picked one's unified diff (or sizes) on the right. */
export function FileChanges({ files }: { files: CompareResult['files'] }) {
  const [picked, setPicked] = useState<string | null>(files.changes[0]?.path ?? null);
  if (files.changes.length === 0) {
    return <EmptyState icon="check" title={`No produced file differs (${formatCount(files.unchanged)} the same).`} testId="compare-files-empty" />;
  }
  const current = files.changes.find((f) => f.path === picked) ?? null;
  return (
    <div className="compare-split">
      <ul className="compare-files" aria-label="Changed files" data-testid="compare-files">
        {files.changes.map((f) => (
          <li key={f.path}>
            <button
              type="button"
              className={`tree-row compare-file change-${f.change}`}
              aria-current={f.path === picked ? 'true' : undefined}
              onClick={() => setPicked(f.path)}
              data-testid="compare-file"
              data-path={f.path}
              data-change={f.change}
            >
              <span className="compare-file-change">{CHANGE_LABEL[f.change]}</span>
              <span className="mono tree-name">{f.path}</span>
            </button>
          </li>
        ))}
        {files.unchanged > 0 ? <li className="muted small compare-files-same">{formatCount(files.unchanged)} unchanged</li> : null}
      </ul>
      <div className="preview-pane">
        {current ? (
          <section className="preview" aria-label={`Changes to ${current.path}`} data-testid="compare-file-detail">
            <header className="preview-head">
              <span className="preview-path mono">{current.path}</span>
              <span className="muted small">
                {CHANGE_LABEL[current.change]} · {sizes(current)}
                {current.kind === 'binary' ? ' · binary' : ''}
              </span>
            </header>
            {current.diff ? (
              <DiffView diff={current.diff} />
            ) : (
              <p className="muted small compare-hint" data-testid="compare-no-diff">
                {current.diffNote ?? (current.kind === 'binary' ? 'A binary file: only its size is compared.' : 'Only in one run: nothing to compare it with.')}
              </p>
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}

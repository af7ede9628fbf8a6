import type { JobRecord } from '../../../shared/jobs';
import { useChannel } from '../../api/use-channel';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { buildTreeGroups } from './file-tree';
import { FilePreview } from './FilePreview';
import { FileTree } from './FileTree';

export interface PreviewTarget {
  path: string;
  line: number | null;
}

interface Props {
  record: JobRecord;
  target: PreviewTarget | null;
  onOpen: (target: PreviewTarget) => void;
}

/** The run's files: outputs apart from inputs on the left, the picked file on the right. */
export function FilesTab({ record, target, onOpen }: Props) {
  const finished = record.status !== 'queued' && record.status !== 'running';
  // Asked again when the run ends, so files written meanwhile appear.
  const tree = useChannel('results:tree', { jobId: record.jobId }, finished ? 'finished' : 'active');
  const groups = tree.data ? buildTreeGroups(tree.data.nodes) : null;
  const select = (path: string) => onOpen({ path, line: null });
  return (
    <div className="files-tab">
      <nav className="file-tree" aria-label="Run files" data-testid="file-tree">
        <button
          type="button"
          className="tree-row tree-file"
          aria-current={target?.path === 'run.log' ? 'true' : undefined}
          onClick={() => select('run.log')}
          data-testid="file-item"
          data-path="run.log"
        >
          <Icon name="terminal" />
          <span className="tree-name">Full log (run.log)</span>
        </button>
        {tree.loading && !tree.data ? <Loading label="Listing files…" testId="tree-loading" /> : null}
        {tree.error ? <ErrorNotice error={tree.error} onRetry={tree.reload} testId="tree-error" /> : null}
        {groups ? (
          <>
            {groups.outputs.count > 0 ? (
              <FileTree dir={groups.outputs} selected={target?.path ?? null} onSelect={select} defaultOpen group />
            ) : (
              <p className="muted small tree-none" data-testid="no-outputs">
                {finished ? 'The tool wrote no output files.' : 'Output files appear here as the tool writes them.'}
              </p>
            )}
            {groups.changed.count > 0 ? <FileTree dir={groups.changed} selected={target?.path ?? null} onSelect={select} defaultOpen group /> : null}
            {groups.inputs.count > 0 ? <FileTree dir={groups.inputs} selected={target?.path ?? null} onSelect={select} defaultOpen={false} group /> : null}
          </>
        ) : null}
      </nav>
      <div className="preview-pane">
        {target ? (
          <FilePreview key={target.path} jobId={record.jobId} path={target.path} line={target.line} root={tree.data?.root ?? null} />
        ) : (
          <EmptyState icon="file" title="Pick a file to preview it" testId="preview-none" />
        )}
      </div>
    </div>
  );
}

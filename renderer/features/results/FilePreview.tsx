import { formatBytes } from '../../../shared/format';
import { PREVIEW_BYTES } from '../../../shared/results';
import { useChannel } from '../../api/use-channel';
import { useAction } from '../../api/use-action';
import { useAnnounce } from '../../app/announcer';
import { copyText } from '../../app/clipboard';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { CodeView } from './CodeView';
import { joinRunPath } from './run-path';

interface Props {
  jobId: string;
  path: string;
  line: number | null;
  /** The run folder's absolute path (from results.tree), for Copy path; null until known. */
  root: string | null;
}

/** One file of the run: highlighted text, or why it is not shown (binary, link, folder), with the size cap noted. */
export function FilePreview({ jobId, path, line, root }: Props) {
  const preview = useChannel('results:preview', { jobId, path });
  const reveal = useAction('results:reveal');
  const announce = useAnnounce();
  const p = preview.data;
  const copyPath = async () => {
    if (!root) return;
    const ok = await copyText(joinRunPath(root, path));
    announce(ok ? 'Path copied.' : 'Copy is not available here.');
  };
  return (
    <section className="preview" data-testid="preview" data-path={path} aria-label={`Preview of ${path}`}>
      <header className="preview-head">
        <Icon name="file" />
        <span className="preview-path mono" title={path}>
          {path}
          {line ? <span className="muted">:{line}</span> : null}
        </span>
        {p ? <span className="muted small">{formatBytes(p.size)}</span> : null}
        <span className="spacer" />
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void copyPath()} disabled={!root} data-testid="copy-path">
          <Icon name="copy" />
          Copy path
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void reveal.run({ jobId, path })} data-testid="reveal-file">
          <Icon name="reveal" />
          Reveal
        </button>
      </header>
      {reveal.error ? <ErrorNotice error={reveal.error} /> : null}
      {preview.loading && !p ? <Loading label="Opening file…" testId="preview-loading" /> : null}
      {preview.error ? <ErrorNotice error={preview.error} title="The file could not be shown" onRetry={preview.reload} testId="preview-error" /> : null}
      {p && !preview.error ? (
        p.kind === 'binary' ? (
          <EmptyState icon="file" title={`Binary file, ${formatBytes(p.size)} — not shown`} testId="preview-binary" />
        ) : p.kind === 'link' ? (
          <EmptyState icon="reveal" title="A link — Hapyy does not follow links out of the run folder" testId="preview-link" />
        ) : p.kind === 'dir' ? (
          <EmptyState icon="folder" title="A folder — pick a file inside it" testId="preview-dir" />
        ) : (
          <>
            {p.truncated ? (
              <div className="notice notice-warning" data-testid="preview-truncated">
                <Icon name="warning" className="notice-icon" />
                <span className="notice-body">
                  Large file ({formatBytes(p.size)}): the first {formatBytes(PREVIEW_BYTES)} are shown.
                </span>
              </div>
            ) : null}
            {p.text.length === 0 ? <EmptyState icon="file" title="Empty file" testId="preview-empty" /> : <CodeView text={p.text} path={path} language={p.language} line={line} />}
          </>
        )
      ) : null}
    </section>
  );
}

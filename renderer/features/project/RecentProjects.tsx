import { useChannel } from '../../api/use-channel';
import { useOnChange } from '../../app/use-on-change';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useProjectLoader } from './project-loader';

/** Recently opened folders, files and zips; one click opens one again. */
export function RecentProjects({ refreshKey }: { refreshKey: string }) {
  const recent = useChannel('projects:recent', {});
  const loader = useProjectLoader();
  const { reload } = recent;
  // Re-read after each open so the list shows the project just opened.
  useOnChange(refreshKey, reload);
  if (recent.loading && !recent.data) return <p className="muted small" data-testid="recent-loading">Loading recent projects…</p>;
  if (recent.error) return <ErrorNotice error={recent.error} title="Recent projects" onRetry={reload} testId="recent-error" />;
  const items = recent.data ?? [];
  if (items.length === 0) return <p className="muted small" data-testid="recent-empty">No recent projects yet.</p>;
  return (
    <ul className="recent-list" aria-label="Recent projects">
      {items.slice(0, 8).map((r) => (
        <li key={r.source}>
          <button
            type="button"
            className="list-button"
            data-testid="recent-project"
            title={r.source}
            disabled={loader.scan !== null}
            onClick={() => void loader.reopen(r.source)}
          >
            <Icon name={r.kind === 'folder' ? 'folder' : 'file'} />
            <span className="list-button-main">
              <span className="list-button-title">{r.name}</span>
              <span className="list-button-sub mono">{r.source}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}


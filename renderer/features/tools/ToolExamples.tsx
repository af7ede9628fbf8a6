import { useChannel } from '../../api/use-channel';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useProjectLoader } from '../project/project-loader';

/**
 * Bundled examples (one tool's, or all of them); opening one loads it as the project and picks its tool.
 * `testIdPrefix` keeps test ids unique where two lists are on screen at once.
 */
export function ToolExamples({ toolId, testIdPrefix = 'example' }: { toolId?: string; testIdPrefix?: string }) {
  const examples = useChannel('examples:list', toolId ? { toolId } : {});
  const loader = useProjectLoader();
  if (examples.loading && !examples.data) return <p className="muted small">Loading examples…</p>;
  if (examples.error) return <ErrorNotice error={examples.error} onRetry={examples.reload} testId="examples-error" />;
  const list = examples.data ?? [];
  if (list.length === 0) return <p className="muted small" data-testid="examples-empty">No examples for this tool.</p>;
  return (
    <ul className="examples" aria-label="Examples">
      {list.map((ex) => (
        <li key={ex.id}>
          <button
            type="button"
            className="list-button"
            data-testid={`${testIdPrefix}-${ex.id}`}
            disabled={loader.scan !== null}
            onClick={() => void loader.openExample(ex.id, ex.toolId)}
          >
            <Icon name="star" />
            <span className="list-button-main">
              <span className="list-button-title">Open example: {ex.name}</span>
              <span className="list-button-sub">{ex.description}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

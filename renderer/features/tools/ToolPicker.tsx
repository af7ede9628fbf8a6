import { useAppState } from '../../app/app-state';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { groupTools } from './tool-status';
import { ToolDetails } from './ToolDetails';
import { ToolItem } from './ToolItem';
import { useTools } from './tools-context';

/** The sidebar's tool list, grouped by category; the picked tool opens up with its engine and examples. */
export function ToolPicker() {
  const { tools, loading, error, rescanning, rescan, reload } = useTools();
  const { project, toolId, setToolId } = useAppState();
  const suggested = new Set(project?.suggestedTools ?? []);
  return (
    <section className="side-section" aria-labelledby="tools-heading">
      <div className="side-heading-row">
        <h2 className="side-heading" id="tools-heading">
          Tools
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void rescan()} disabled={rescanning} data-testid="tools-rescan">
          <Icon name="refresh" className={rescanning ? 'spin' : undefined} />
          {rescanning ? 'Checking…' : 'Rescan'}
        </button>
      </div>
      {error ? <ErrorNotice error={error} title="Tools" onRetry={reload} testId="tools-error" /> : null}
      {loading && !tools ? (
        <p className="muted small" data-testid="tools-loading">
          Looking for installed tools…
        </p>
      ) : null}
      {tools && tools.length === 0 ? (
        <p className="muted small" data-testid="tools-empty">
          No tools are defined.
        </p>
      ) : null}
      {tools
        ? groupTools(tools, suggested).map((group) => (
            <div key={group.category} className="tool-group" role="group" aria-labelledby={`tools-${group.category}`}>
              <h3 className="sub-heading" id={`tools-${group.category}`}>
                {group.label}
              </h3>
              <ul className="tool-list">
                {group.tools.map((status) => (
                  <li key={status.tool.id}>
                    <ToolItem
                      status={status}
                      selected={status.tool.id === toolId}
                      suggested={suggested.has(status.tool.id)}
                      onSelect={() => setToolId(status.tool.id)}
                    />
                    {status.tool.id === toolId ? <ToolDetails status={status} /> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))
        : null}
    </section>
  );
}

import type { ToolStatus } from '../../../shared/contract';
import { LANGUAGES } from '../../../shared/languages';
import { isChecking } from './tool-status';
import { ToolExamples } from './ToolExamples';

/** The picked tool, opened up: what it does, what runs it (or why nothing can, and how to fix that), its examples. */
export function ToolDetails({ status }: { status: ToolStatus }) {
  const { tool } = status;
  const languages = tool.targetLanguage
    ? `${LANGUAGES[tool.sourceLanguage].name} → ${LANGUAGES[tool.targetLanguage].name}`
    : LANGUAGES[tool.sourceLanguage].name;
  return (
    <div className="tool-details" data-testid={`tool-details-${tool.id}`}>
      <p className="small">{tool.description}</p>
      <p className="muted small">
        {languages}
        {tool.custom ? ' · custom tool' : ''}
      </p>
      {status.engine ? (
        <p className="small" data-testid="tool-engine">
          Runs with <strong>{status.engine.name}</strong> {status.engine.version}
          <span className="mono block muted" title={status.engine.path}>
            {status.engine.path}
          </span>
        </p>
      ) : isChecking(status) ? (
        <p className="muted small">Checking which engines are installed…</p>
      ) : (
        <div className="unavailable" data-testid="tool-unavailable">
          <p className="small">
            <strong>Not available on this machine.</strong> Looked for:
          </p>
          <ul className="plain-list small">
            {status.lookedFor.map((l) => (
              <li key={l.engine}>
                {l.engine} (<span className="mono">{l.commands.join(', ')}</span>): {l.reason}
              </li>
            ))}
          </ul>
          {status.install.length > 0 ? (
            <>
              <p className="small">
                <strong>How to install</strong>
              </p>
              <ul className="plain-list small">
                {status.install.map((hint) => (
                  <li key={hint}>{hint}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      )}
      <ToolExamples toolId={tool.id} />
    </div>
  );
}

import { useId } from 'react';

const EXAMPLE = `[
  {
    "id": "my-linter",
    "name": "My Linter",
    "category": "linter",
    "sourceLanguage": "python",
    "command": "/usr/local/bin/my-linter",
    "args": ["{input}"],
    "timeoutSec": 60
  }
]`;

interface Props {
  text: string;
  onText: (text: string) => void;
  /** Client-side problems and main's, as "customTools[0].command: …" lines. */
  problems: string[];
}

/** Custom tools as editable JSON, checked entry by entry against the shared CustomToolSchema. */
export function CustomToolsEditor({ text, onText, problems }: Props) {
  const id = useId();
  return (
    <fieldset className="settings-section">
      <legend>Custom tools</legend>
      <p className="muted small">
        A JSON list. Each tool needs <code>id</code>, <code>name</code>, <code>category</code> (transpiler, verification or linter), <code>sourceLanguage</code> and{' '}
        <code>command</code>; <code>args</code> may use <code>{'{input}'}</code>, <code>{'{output}'}</code>, <code>{'{report}'}</code> and <code>{'{files:.ext}'}</code>.
        Optional: <code>diagnostics</code> (<code>none</code>, <code>clang</code> for <code>file:line:col: error: message</code> lines, or <code>sarif</code>),{' '}
        <code>problemExitCodes</code> (exit codes that mean “found problems”, default <code>[1]</code>) and <code>requireOutput</code> (an empty output is a failure;
        default for transpilers).
      </p>
      <div className={`field${problems.length ? ' field-invalid' : ''}`}>
        <label htmlFor={id} className="field-label">
          Custom tools (JSON)
        </label>
        <textarea
          id={id}
          className="input textarea mono"
          rows={Math.min(18, Math.max(6, text.split('\n').length + 1))}
          spellCheck={false}
          value={text}
          placeholder={EXAMPLE}
          aria-invalid={problems.length > 0}
          aria-describedby={problems.length ? `${id}-error` : undefined}
          onChange={(e) => onText(e.target.value)}
          data-testid="setting-customTools"
        />
        {problems.length > 0 ? (
          <ul className="field-error plain-list" id={`${id}-error`} data-testid="field-error">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </fieldset>
  );
}

import { useId } from 'react';
import { getIn } from './draft';
import { describeIssue, fieldId } from './field-issues';
import { FieldMessage } from './FieldMessage';
import { useSettingsForm } from './form-context';

/** A free-text setting; empty removes the key (no explicit path → look on PATH). */
export function TextField({ path, label, placeholder, hint }: { path: readonly (string | number)[]; label: string; placeholder?: string; hint?: string }) {
  const form = useSettingsForm();
  const id = fieldId(path);
  const inputId = useId();
  const value = getIn(form.draft, path);
  const issue = form.issues.get(id);
  const messages = [...(issue ? [describeIssue(issue)] : []), ...(form.problems.get(id) ?? [])];
  const errorId = `${inputId}-error`;
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <input
        id={inputId}
        className="input mono"
        value={typeof value === 'string' ? value : ''}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={messages.length > 0}
        aria-describedby={messages.length ? errorId : undefined}
        data-testid={`setting-${id}`}
        onChange={(e) => form.update(path, e.target.value === '' ? undefined : e.target.value)}
      />
      {hint ? <span className="field-hint muted small">{hint}</span> : null}
      <FieldMessage id={errorId} messages={messages} />
    </div>
  );
}

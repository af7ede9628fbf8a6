import { useId } from 'react';
import { getIn } from './draft';
import { fieldId } from './field-issues';
import { FieldMessage } from './FieldMessage';
import { useSettingsForm } from './form-context';

export function CheckboxField({ path, label, hint }: { path: readonly (string | number)[]; label: string; hint?: string }) {
  const form = useSettingsForm();
  const id = fieldId(path);
  const inputId = useId();
  const messages = form.problems.get(id) ?? [];
  return (
    <div className="field field-check">
      <input
        id={inputId}
        type="checkbox"
        className="checkbox"
        checked={getIn(form.draft, path) === true}
        onChange={(e) => form.update(path, e.target.checked)}
        data-testid={`setting-${id}`}
      />
      <label htmlFor={inputId} className="field-label">
        {label}
        {hint ? <span className="field-hint muted small block">{hint}</span> : null}
      </label>
      <FieldMessage id={`${inputId}-error`} messages={messages} />
    </div>
  );
}

import { useId, useState } from 'react';
import { describeIssue, fieldId, type Unit } from './field-issues';
import { getIn } from './draft';
import { FieldMessage } from './FieldMessage';
import { useSettingsForm } from './form-context';

interface Props {
  path: readonly (string | number)[];
  label: string;
  unit?: Unit;
  hint?: string;
  /** Empty means "no value" (an override removed) rather than an error. */
  optional?: boolean;
  placeholder?: string;
}

const show = (stored: unknown, factor: number): string =>
  typeof stored === 'number' && Number.isFinite(stored) ? String(Math.round((stored / factor) * 100) / 100) : '';

/** A number setting shown in a friendly unit (MB, s); the draft keeps the schema's unit. */
export function NumberField({ path, label, unit, hint, optional, placeholder }: Props) {
  const form = useSettingsForm();
  const id = fieldId(path);
  const inputId = useId();
  const factor = unit?.factor ?? 1;
  const [text, setText] = useState(() => show(getIn(form.draft, path), factor));
  const issue = form.issues.get(id);
  const messages = [...(issue ? [describeIssue(issue, unit)] : []), ...(form.problems.get(id) ?? [])];
  const errorId = `${inputId}-error`;
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <div className="field-control">
        <input
          id={inputId}
          className="input input-number"
          inputMode="decimal"
          value={text}
          placeholder={placeholder}
          aria-invalid={messages.length > 0}
          aria-describedby={messages.length ? errorId : undefined}
          data-testid={`setting-${id}`}
          onChange={(e) => {
            const raw = e.target.value;
            setText(raw);
            const trimmed = raw.trim();
            if (trimmed === '' && optional) form.update(path, undefined);
            else form.update(path, trimmed === '' ? Number.NaN : factor === 1 ? Number(trimmed) : Math.round(Number(trimmed) * factor));
          }}
        />
        {unit?.name ? <span className="field-unit">{unit.name}</span> : null}
      </div>
      {hint ? <span className="field-hint muted small">{hint}</span> : null}
      <FieldMessage id={errorId} messages={messages} />
    </div>
  );
}
